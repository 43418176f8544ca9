package dev.scone.cli;

import dev.scone.model.Devices;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.DocumentRule;
import dev.scone.training.corpus.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scone eval}: perplexity of texts under one or more bundles, side by side (rows = texts,
 * columns = bundles), with each bundle's serving Scorer (table rows, main model, sliding window).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Perplexity of texts under bundles, side by side.",
      "Scored as serving does: rows from the bundle's table, texts longer than the context in sliding "
          + "windows (stride context / 2). Each document is scored on its own: no position sees another "
          + "document's tokens and f-gram matches stop at document ends. A --text file is cut into documents "
          + "at blank lines (--documents blank-line) or taken whole (--documents file, as the corpora and "
          + "`scone count --text` take their files). "
          + "Columns are named by --bundle as given. A second table gives, per text and bundle, the share of "
          + "positions that read an f-gram row and the share of tokens the model maps to UNK."
    })
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = BundleArgument.LABEL,
      description = BundleArgument.DESCRIPTION + " Repeatable: one column each.")
  List<String> bundles;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--text", arity = "1..*", paramLabel = "FILE", description = "Text files (UTF-8), one row each.")
    List<Path> texts;

    @Option(names = "--split", description = "A split of --corpus instead: train, validation or test.")
    String split;
  }

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
      description = "Catalog corpus for --split: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Option(names = "--documents", defaultValue = "blank-line", paramLabel = "blank-line|file",
      converter = DocumentRuleConverter.class,
      description = "How a --text file is cut into documents: at blank lines, or the whole file as one.")
  DocumentRule documentRule;

  static final class DocumentRuleConverter extends KebabCaseEnum<DocumentRule> {
    DocumentRuleConverter() {
      super(DocumentRule.class);
    }
  }

  @Mixin StoreOption store;

  @Mixin ThreadsOption threads;

  /** One row of the table: a label and its documents. */
  private record Text(String label, List<Document> documents) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Text> texts = texts();
    List<String> headers = columnNames(bundles);
    // After the texts are read, so a bad --text is reported without loading PyTorch first.
    threads.configure(); // one model at a time
    List<List<EvalCell>> columns = new ArrayList<>();
    for (int b = 0; b < bundles.size(); b++) {
      try (ModelBundle bundle = BundleArgument.open(spec, bundles.get(b), store.root())) {
        columns.add(cells(bundle, texts));
        out.printf("%s: %s (version %d, model %s, %,d f-grams, %s)%n", headers.get(b), bundle.directory(),
            bundle.manifest().version(), bundle.manifest().modelVersion(), bundle.manifest().fgrams(),
            bundle.manifest().dtype());
      }
    }
    printTables(out, texts, headers, columns);
    return 0;
  }

  private List<Text> texts() throws IOException {
    List<Text> out = new ArrayList<>();
    if (source.split != null) {
      Split split = split(source.split);
      Corpus c = Corpora.load(corpus);
      out.add(new Text(c.name() + "/" + split.name().toLowerCase(Locale.ROOT), c.documents(split)));
      return out;
    }
    for (Path file : source.texts) {
      String text = TextArguments.read(spec, "--text", file);
      out.add(new Text(file.getFileName().toString(), documentRule.split(file.toString(), text)));
    }
    return out;
  }

  private Split split(String name) {
    try {
      return Split.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--split " + name + ": expected train, validation or test");
    }
  }

  /** The --bundle arguments as given; a repeated one gets {@code #2}, {@code #3}, ... so no two columns share a name. */
  static List<String> columnNames(List<String> given) {
    List<String> names = new ArrayList<>();
    for (String g : given) {
      String name = g;
      for (int n = 2; names.contains(name); n++) name = g + "#" + n;
      names.add(name);
    }
    return names;
  }

  /** Each text under {@code bundle}, through its serving scorer (documents scored separately). */
  private static List<EvalCell> cells(ModelBundle bundle, List<Text> texts) {
    List<EvalCell> cells = new ArrayList<>();
    try (ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
      for (Text t : texts) cells.add(EvalCell.of(served, t.documents()));
    }
    return cells;
  }

  private static void printTables(PrintWriter out, List<Text> texts, List<String> headers,
      List<List<EvalCell>> columns) {
    int width = Math.max(12, texts.stream().mapToInt(t -> t.label().length()).max().orElse(0));
    int cell = Math.max(12, headers.stream().mapToInt(String::length).max().orElse(0));
    out.println();
    out.println("perplexity");
    StringBuilder head = new StringBuilder(String.format("%-" + width + "s  %9s  %12s", "text", "documents", "tokens"));
    for (String h : headers) head.append(String.format("  %" + cell + "s", h));
    out.println(head);
    for (int i = 0; i < texts.size(); i++) {
      long tokens = columns.isEmpty() ? 0 : columns.get(0).get(i).positions();
      StringBuilder row = new StringBuilder(String.format("%-" + width + "s  %,9d  %,12d", texts.get(i).label(),
          texts.get(i).documents().size(), tokens));
      for (List<EvalCell> c : columns) row.append(number(c.get(i).perplexity(), "%.3f", cell));
      out.println(row);
    }
    out.println();
    out.println("positions reading an f-gram row / tokens the model maps to UNK");
    head = new StringBuilder(String.format("%-" + width + "s", "text"));
    for (String h : headers) head.append(String.format("  %" + cell + "s", h));
    out.println(head);
    for (int i = 0; i < texts.size(); i++) {
      StringBuilder row = new StringBuilder(String.format("%-" + width + "s", texts.get(i).label()));
      for (List<EvalCell> c : columns) {
        EvalCell e = c.get(i);
        row.append(String.format("  %" + cell + "s", percent(e.fgramRowShare()) + " / " + percent(e.unknownShare())));
      }
      out.println(row);
    }
    out.flush();
  }

  private static String number(double value, String format, int width) {
    return String.format("  %" + width + "s", Double.isFinite(value) ? String.format(format, value) : "-");
  }

  private static String percent(double share) {
    return Double.isFinite(share) ? String.format("%.1f%%", 100 * share) : "-";
  }
}
