package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.scale.InterleavedScoring.Step;
import dev.scone.bench.scale.TableScaleBench.Advice;
import dev.scone.bench.scale.TableScaleBench.Config;
import dev.scone.bench.scale.TableScaleBench.Setup;
import dev.scone.bench.scale.TableScaleBench.Variant;
import dev.scone.bench.scale.TableScaleBench.VariantRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The figures of a {@link TableScaleBench} run: setup, then per variant, then what each part is worth. */
final class TableScaleFigures {
  private TableScaleFigures() {}

  static BenchResult result(Config c, Setup s, List<VariantRun> runs) {
    double steadyFrom = steadyFrom(c);
    List<Figure> f = new ArrayList<>();
    long ram = ProcessMemory.machineMemoryBytes();
    double tableBytes = (double) s.rows() * c.rowBytes();
    f.add(new Figure("table_bytes", tableBytes, "B (" + c.dtype().label() + " rows of " + c.rowBytes() + " B)"));
    f.add(new Figure("table_over_ram", tableBytes / ram, "x the machine's " + ram + " B"));
    f.add(new Figure("table_file_bytes", s.tableFileBytes(), "B on disk (the rows and Arrow's buffers: validity"
        + " bitmaps, metadata)"));
    f.add(new Figure("table_rows", s.rows(), "rows (V token rows, then f-gram rows: seeded random values, synthetic)"));
    f.add(new Figure("real_fgrams", s.realFgrams(), "f-grams from the corpus"));
    f.add(new Figure("synthetic_fgrams", s.syntheticFgrams(), "generated f-grams (synthetic)"));
    f.add(new Figure("advise_random", c.advice().contains(TableScaleBench.Advice.RANDOM) ? 1 : 0, "1: variants"
        + " labelled +random ran with madvise(RANDOM) on the table and the index's tables; the others with the"
        + " kernel's read-around"));
    boolean scattered = c.layout() == SyntheticFgrams.Layout.SCATTERED;
    f.add(new Figure("real_rows_scattered", scattered ? 1 : 0, "real f-grams' rows "
        + (scattered ? "spread evenly over the file (1)" : "first, in count order (0)")));
    f.add(new Figure("index_bytes", s.indexBytes(), "B (match.index)"));
    f.add(new Figure("table_write_s", s.tableWriteSeconds(), "s"));
    f.add(new Figure("index_write_s", s.indexWriteSeconds(), "s"));
    f.add(new Figure("tokens_per_cycle", s.tokensPerCycle(), "tokens scored per pass over the text, "
        + s.pieces() + " pieces"));
    f.add(new Figure("steady_from_s", steadyFrom, "s (steady state: from here to the end of a variant)"));
    for (VariantRun r : runs) addVariant(f, r, c, steadyFrom);
    for (Advice a : c.advice()) {
      addWorth(f, runs, c, steadyFrom, Variant.FULL, a, Variant.NO_PREFETCH, a, "prefetch" + a.suffix);
      addWorth(f, runs, c, steadyFrom, Variant.FULL, a, Variant.NO_CACHE, a, "cache" + a.suffix);
      addWorth(f, runs, c, steadyFrom, Variant.MADVISE, a, Variant.PLAIN, a, "madvise_prefetch" + a.suffix);
    }
    for (Variant v : c.order()) {
      addWorth(f, runs, c, steadyFrom, v, Advice.RANDOM, v, Advice.READAROUND, v.label + "_random_advice");
    }
    VariantRun headline = runs.stream().filter(r -> r.variant() == Variant.FULL).findFirst().orElse(runs.get(0));
    f.add(new Figure("ratio_goal", TableScaleBench.RATIO_GOAL, "steady state, " + headline.label()));
    f.add(new Figure("first_variant", runs.get(0).variant().ordinal(), "ran first: " + runs.get(0).label()));
    f.add(new Figure("load_average_start", s.loadBefore(), "1-min"));
    f.add(new Figure("load_average_end", ProcessMemory.loadAverage(), "1-min"));
    if (c.plot() != null) f.add(new Figure("first_minute_png", 1, c.plot().toAbsolutePath().toString()));
    List<Step> steps = headline.steps();
    return new BenchResult("table-scale", InterleavedScoring.tokensPerSecond(steps, steadyFrom, Double.MAX_VALUE, true),
        "tokens/s", "baseline token rows, same model, interleaved (" + headline.label() + ")",
        InterleavedScoring.tokensPerSecond(steps, steadyFrom, Double.MAX_VALUE, false), f);
  }

  /** Steady state starts after the plotted first stretch, or halfway through a shorter run. */
  static double steadyFrom(Config c) {
    return c.seconds() > c.curveSeconds() ? c.curveSeconds() : c.seconds() / 2;
  }

  private static void addVariant(List<Figure> f, VariantRun r, Config c, double steadyFrom) {
    String p = r.label() + "_";
    List<Step> steps = r.steps();
    double curve = Math.min(c.curveSeconds(), c.seconds());
    f.add(new Figure(p + "steady_ratio", InterleavedScoring.ratio(steps, steadyFrom, Double.MAX_VALUE),
        "SCONE / baseline tokens/s"));
    f.add(new Figure(p + "first_minute_ratio", InterleavedScoring.ratio(steps, 0, curve), "over the first "
        + curve + " s"));
    f.add(new Figure(p + "first_bin_ratio", InterleavedScoring.ratio(steps, 0, c.binSeconds()), "over the first "
        + c.binSeconds() + " s"));
    f.add(new Figure(p + "steady_scone_tokens_per_s",
        InterleavedScoring.tokensPerSecond(steps, steadyFrom, Double.MAX_VALUE, true), "tokens/s"));
    f.add(new Figure(p + "steady_baseline_tokens_per_s",
        InterleavedScoring.tokensPerSecond(steps, steadyFrom, Double.MAX_VALUE, false), "tokens/s"));
    f.add(new Figure(p + "tokens_scored", steps.stream().mapToLong(Step::tokens).sum(), "tokens (each side)"));
    f.add(new Figure(p + "cache_hit_rate", r.cacheHitRate(), "fraction of gathered rows (NaN: no cache tier)"));
    f.add(new Figure(p + "rss_max_bytes", steps.stream().mapToLong(Step::rssBytes).max().orElse(0),
        "B (VmRSS, with mapped file pages)"));
    f.add(new Figure(p + "rss_anon_max_bytes", steps.stream().mapToLong(Step::anonBytes).max().orElse(0),
        "B (RssAnon: heap, native, cache tier)"));
    f.add(new Figure(p + "table_resident_bytes", r.tableResidentBytes(), "B of the table mapped in, at the end"));
    f.add(new Figure(p + "index_resident_bytes", r.indexResidentBytes(), "B of match.index mapped in, at the end"));
    f.add(new Figure(p + "page_cache_dropped", r.pageCacheDropped() ? 1 : 0, c.dropPageCache()
        ? "1: dropped before it; 0: refused" : "not asked"));
  }

  /**
   * The ratio of one run over another's: > 1 means what the first adds ({@code part}) pays. Only
   * where both ran.
   */
  private static void addWorth(List<Figure> f, List<VariantRun> runs, Config c, double steadyFrom, Variant with,
      Advice withAdvice, Variant without, Advice withoutAdvice, String part) {
    Optional<VariantRun> withRun = find(runs, with, withAdvice);
    Optional<VariantRun> withoutRun = find(runs, without, withoutAdvice);
    if (withRun.isEmpty() || withoutRun.isEmpty()) return;
    String versus = withRun.get().label() + "'s ratio / " + withoutRun.get().label() + "'s";
    List<Step> full = withRun.get().steps();
    List<Step> other = withoutRun.get().steps();
    double curve = Math.min(c.curveSeconds(), c.seconds());
    f.add(new Figure(part + "_worth_steady", InterleavedScoring.ratio(full, steadyFrom, Double.MAX_VALUE)
        / InterleavedScoring.ratio(other, steadyFrom, Double.MAX_VALUE), "x (" + versus + ")"));
    f.add(new Figure(part + "_worth_first_minute", InterleavedScoring.ratio(full, 0, curve)
        / InterleavedScoring.ratio(other, 0, curve), "x (" + versus + ", first " + curve + " s)"));
  }

  private static Optional<VariantRun> find(List<VariantRun> runs, Variant v, Advice a) {
    return runs.stream().filter(r -> r.variant() == v && r.advice() == a).findFirst();
  }
}
