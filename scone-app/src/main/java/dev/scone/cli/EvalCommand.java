package dev.scone.cli;

import dev.scone.model.Devices;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
      "Perplexity of each text under each bundle, side by side.",
      "Scored as serving does: rows from the bundle's table, texts longer than the context in sliding",
      "windows (stride context / 2)."
    })
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, description = "A bundle directory or a version in the store (repeatable).")
  List<String> bundles;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--text", arity = "1..*", description = "Text files (UTF-8), one row each.")
    List<Path> texts;

    @Option(names = "--split", description = "A split of --corpus instead: train, validation or test.")
    String split;
  }

  @Option(names = "--corpus", defaultValue = "sotu", description = "Catalog corpus for --split: sotu or moby-dick.")
  String corpus;

  @Mixin StoreOption store;

  /** One row of the table: a label and its documents. */
  private record Text(String label, List<Document> documents) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<Text> texts = texts();
      List<String> headers = new ArrayList<>();
      List<double[]> columns = new ArrayList<>();
      long[] tokens = new long[texts.size()];
      for (String b : bundles) {
        try (ModelBundle bundle = BundleArgument.open(b, store.root())) {
          headers.add(String.format("v%06d", bundle.manifest().version()));
          columns.add(perplexities(bundle, texts, tokens));
          out.printf("v%06d: %s (model %s, %,d f-grams, %s)%n", bundle.manifest().version(), bundle.directory(),
              bundle.manifest().modelVersion(), bundle.manifest().fgrams(), bundle.manifest().dtype());
        }
      }
      printTable(out, texts, tokens, headers, columns);
      return 0;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("scone eval: " + e.getMessage());
      return 1;
    }
  }

  private List<Text> texts() throws IOException {
    List<Text> out = new ArrayList<>();
    if (source.split != null) {
      Split split = Split.valueOf(source.split.toUpperCase(Locale.ROOT));
      Corpus c = Corpora.load(corpus);
      out.add(new Text(c.name() + "/" + split.name().toLowerCase(Locale.ROOT), c.documents(split)));
      return out;
    }
    for (Path file : source.texts) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      out.add(new Text(file.getFileName().toString(), List.of(new Document(file.toString(), text))));
    }
    return out;
  }

  /**
   * Each text's perplexity under {@code bundle}, through the serving Scorer (sliding window,
   * stride context / 2; documents scored separately); fills {@code tokens} with the scored counts.
   */
  private static double[] perplexities(ModelBundle bundle, List<Text> texts, long[] tokens) {
    double[] ppl = new double[texts.size()];
    try (ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
      Scorer scorer = served.scorer();
      for (int i = 0; i < texts.size(); i++) {
        List<int[]> documents = new ArrayList<>();
        for (Document d : texts.get(i).documents()) documents.add(served.tokenizer().encode(d.text()));
        double logprob = 0;
        long scored = 0;
        for (Score s : scorer.scoreAll(documents)) {
          logprob += s.logprob();
          scored += s.scored();
        }
        ppl[i] = scored == 0 ? Double.NaN : Math.exp(-logprob / scored);
        tokens[i] = scored;
      }
    }
    return ppl;
  }

  private static void printTable(PrintWriter out, List<Text> texts, long[] tokens, List<String> headers,
      List<double[]> columns) {
    int width = Math.max(12, texts.stream().mapToInt(t -> t.label().length()).max().orElse(0));
    out.println();
    StringBuilder head = new StringBuilder(String.format("%-" + width + "s  %12s", "text", "tokens"));
    for (String h : headers) head.append(String.format("  %12s", h));
    out.println(head);
    for (int i = 0; i < texts.size(); i++) {
      StringBuilder row = new StringBuilder(String.format("%-" + width + "s  %,12d", texts.get(i).label(), tokens[i]));
      for (double[] c : columns) {
        row.append(Double.isFinite(c[i]) ? String.format("  %12.3f", c[i]) : String.format("  %12s", "-"));
      }
      out.println(row);
    }
    out.flush();
  }
}
