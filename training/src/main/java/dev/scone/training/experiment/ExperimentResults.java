package dev.scone.training.experiment;

import java.util.List;

/**
 * What one experiment produced. Immutable.
 *
 * @param plan the plan as run: each family's chosen rates applied
 * @param tuning one result per tuned family (empty when the plan was not tuned)
 * @param rows every cell at every seed, in plan order (seeds within a cell), then the controls
 * @param diagnostics the centre's first seed measured on every scored text
 * @param positionSplits per text, the centre's difference to baseline M at positions that read an
 *     f-gram row and at the others, paired over the seeds both have (empty without either)
 * @param texts the scored texts' names, in column order
 * @param otherDomain the names of the texts of other domains (a subset of {@code texts})
 */
public record ExperimentResults(ExperimentPlan plan, List<Tuner.Result> tuning, List<ResultRow> rows,
    List<DomainDiagnostics> diagnostics, List<PositionSplit> positionSplits, List<String> texts,
    List<String> otherDomain) {

  public ExperimentResults {
    tuning = List.copyOf(tuning);
    rows = List.copyOf(rows);
    diagnostics = List.copyOf(diagnostics);
    positionSplits = List.copyOf(positionSplits);
    texts = List.copyOf(texts);
    otherDomain = List.copyOf(otherDomain);
  }

  /** The rows of one cell (or control), in seed order. */
  public List<ResultRow> cell(String name) {
    return rows.stream().filter(r -> r.name().equals(name)).toList();
  }

  /** The cell and control names, in row order, each once. */
  public List<String> cells() {
    return rows.stream().map(ResultRow::name).distinct().toList();
  }
}
