package dev.scone.cli;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.training.fgrams.FgramPipeline;
import dev.scone.training.fgrams.FgramPipelineConfig;
import dev.scone.training.fgrams.FgramPipelineReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone fgrams}: the batch f-gram pipeline over a real corpus, told step by step. */
@Command(
    name = "fgrams",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the batch f-gram pipeline over a corpus.",
      "Counts n-grams over a corpus's training split, selects the top S as f-grams, publishes "
          + "vocab.arrow to the store, and measures the longest-match rule on the validation split."
    })
public final class FgramsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class, description = "Catalog corpus: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Mixin FgramOptions selection;

  @Option(names = "--prune", description = "Count with the paper's prefix/suffix pruning (less memory, same selection).")
  boolean prune;

  @Option(names = "--tokenizer", defaultValue = "gpt2", description = "Tokenizer.")
  String tokenizer;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws IOException {
    Path storeDir = store.root();
    FgramPipelineConfig config = OptionNames.build(spec, CountCommand.OPTIONS, () -> new FgramPipelineConfig(corpus,
        selection.maxN(), selection.fgrams(), selection.minCount(), prune, storeDir));
    System.out.printf("scone fgrams: corpus %s, n-grams of length 2..%d, top %,d f-grams seen >= %d times, %s counting%n",
        corpus, selection.maxN(), selection.fgrams(), selection.minCount(), prune ? "pruned" : "exact");
    FgramPipelineReport r = new FgramPipeline(Tokenizers.byName(tokenizer)).run(config);
    print(r, selection.maxN());
    return 0;
  }

  private static void print(FgramPipelineReport r, int maxN) {
    System.out.printf("%-36s %,d tokens in %.1f s (both splits, tokenized or from the token cache)%n", "training split", r.trainTokens(), r.tokenizeSeconds());
    System.out.printf("%-36s %,d distinct n-grams, %.1f MB of tables, %.1f s%n", "counted",
        r.distinctNgrams(), r.countBytes() / 1e6, r.countSeconds());
    StringBuilder lengths = new StringBuilder();
    for (int n = 2; n <= maxN; n++) lengths.append(String.format("%d-grams %,d  ", n, r.fgramsByLength()[n]));
    System.out.printf("%-36s %,d f-grams: %s%n", "selected", r.fgrams(), lengths.toString().trim());
    System.out.printf("%-36s version %d at %s%n", "published", r.vocabulary().version(), r.vocabulary().file());
    System.out.printf("%-36s sha256 %s%n", "", r.vocabulary().sha256());
    StringBuilder matched = new StringBuilder();
    for (int n = 2; n <= maxN; n++) {
      matched.append(String.format("%d: %.1f%%  ", n, 100.0 * r.matchedByLength()[n] / Math.max(1, r.validationTokens())));
    }
    System.out.printf("%-36s %.1f%% of %,d validation tokens take an f-gram row (by length %s)%n",
        "matched", 100 * r.matchedFraction(), r.validationTokens(), matched.toString().trim());
    System.out.println("speed of each stage: ./scone bench tokenize|count|match --json");
  }
}
