package dev.scone.bench;

import dev.scone.bench.scale.MatchScaleBench;
import dev.scone.bench.scale.ScratchDir;
import dev.scone.cli.CorpusName;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench match-scale}: the mapped matcher index at 1 M and 100 M f-grams (the corpus's
 * n-grams padded with synthetic ones), tokens/s of the largest against the smallest.
 */
@Command(name = "match-scale", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "The mapped matcher index at 100 M f-grams vs 1 M.",
      "Writes match.index for each |F| (the corpus's 2..maxN-grams by count, padded with generated ones, "
          + "labelled synthetic), opens it by mapping and matches the corpus on one thread: tokens/s, open time, "
          + "resident bytes per f-gram. Checks free disk first; deletes each index file when done."
    })
public final class MatchScaleBenchCommand implements Callable<Integer> {

  @Mixin BenchCommand.Output output;
  @Mixin BenchCommand.CorpusText corpus;

  @Option(names = "--sizes", split = ",", defaultValue = "1000000,100000000", paramLabel = "S",
      description = "f-gram counts |F| to measure, ascending; the first is the baseline.")
  List<Integer> sizes;

  @Option(names = "--max-n", defaultValue = "5", description = "Longest f-gram, n.")
  int maxN;

  @Option(names = "--fgram-corpus", converter = CorpusName.class,
      description = "Corpus whose n-grams make F (padded as above); unset: the measured corpus, so every n-gram "
          + "of the text is in F at the largest size. Another corpus measures text unlike F's.")
  String fgramCorpus;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the index files go; unset: the JVM's temporary directory.")
  Path dir;

  @Option(names = "--warmups", defaultValue = "2", description = "Untimed passes over the corpus per size.")
  int warmups;

  @Option(names = "--runs", defaultValue = "7",
      description = "Timed passes per size, taken in turn across sizes; the median is reported.")
  int runs;

  @Option(names = "--held-out",
      description = "F from the training split only and the text from the test split (of the measured corpus, "
          + "or F from --fgram-corpus's training split): text of F's domain that F was not counted on, as served.")
  boolean heldOut;

  @Option(names = "--huge-pages", description = "Also time each index through a second mapping advised MADV_HUGEPAGE "
      + "(2 MiB pages), in a rotation with the plain mapping: pages_2m_* and pages_4k_* figures.")
  boolean hugePages;

  @Override
  public Integer call() throws Exception {
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
    Corpus measured = Corpora.load(corpus.corpus);
    int[][] documents = (heldOut ? measured.documents(Split.TEST) : measured.documents()).stream()
        .map(d -> tokenizer.encode(d.text())).toArray(int[][]::new);
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    if (fgramCorpus == null && !heldOut) {
      for (int[] doc : documents) counter.addDocument(doc); // F from the measured text itself
    } else {
      Corpus source = fgramCorpus == null ? measured : Corpora.load(fgramCorpus);
      for (Document d : heldOut ? source.documents(Split.TRAIN) : source.documents()) {
        counter.addDocument(tokenizer.encode(d.text()));
      }
    }
    int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    FgramVocabulary real = new FgramSelector(largest, 1)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0));
    Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    return output.print(MatchScaleBench.run(documents, real, new MatchScaleBench.Config(sizes, parent, warmups, runs,
        ScratchDir.DEFAULT_RESERVE_BYTES, hugePages)));
  }
}
