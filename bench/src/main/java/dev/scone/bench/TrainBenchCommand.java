package dev.scone.bench;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.train.TrainThroughputBench;
import dev.scone.bench.train.VocabularyThroughputBench;
import dev.scone.cli.CorpusName;
import dev.scone.cli.ThreadsOption;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench train}: training tokens/s side by side on a corpus's training split, either
 * the full-vocabulary model against the compacted one ({@link VocabularyThroughputBench}) or SCONE
 * against the baseline ({@link TrainThroughputBench}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Training tokens/s, two models side by side.",
      "Two models train one step each in turn. --compare vocab: the full GPT-2 vocabulary through an adaptive softmax vs the compacted vocabulary "
          + "(tokens seen --compact-min-count times + UNK, full softmax), and the full vocabulary through a full "
          + "softmax for scale. --compare scone: SCONE (1-layer f-gram model) vs the baseline, compacted vocabulary."
    })
public final class TrainBenchCommand implements Callable<Integer> {

  enum Compare { vocab, scone }

  @Mixin BenchCommand.Output output;

  @Mixin ThreadsOption threads;

  @Option(names = "--compare", defaultValue = "vocab", description = "What to compare: ${COMPLETION-CANDIDATES}.")
  Compare compare;

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
      description = "Corpus whose training split is trained on: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Option(names = "--layers", defaultValue = "2", description = "Main-model blocks.")
  int layers;

  @Option(names = "--d-model", defaultValue = "128", description = "Model width d.")
  int dModel;

  @Option(names = "--context", defaultValue = "128", description = "Training window T.")
  int context;

  @Option(names = "--batch", defaultValue = "16", description = "Windows per step B.")
  int batch;

  @Option(names = "--steps", defaultValue = "30", description = "Timed steps per model.")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps per model first.")
  int warmup;

  @Option(names = "--compact-min-count", defaultValue = "50",
      description = "The compacted vocabulary's minimum count (what the experiments used before).")
  int compactMinCount;

  @Option(names = "--softmax-cutoffs", defaultValue = "2048,16384", split = ",",
      description = "The adaptive softmax's cluster bounds.")
  List<Integer> cutoffs;

  @Option(names = "--full-softmax", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also time the full vocabulary through a full softmax (--compare vocab; --no-full-softmax: not).")
  boolean withFullSoftmax;

  @Override
  public Integer call() throws IOException {
    threads.configure();
    Tokenizer gpt2 = Tokenizers.byName("gpt2");
    TokenCorpus train = TokenCorpus.tokenize(Corpora.load(corpus).documents(Split.TRAIN), gpt2);
    BenchResult result = switch (compare) {
      case vocab -> VocabularyThroughputBench.run(train, new VocabularyThroughputBench.Setup(
          layers, dModel, 4, context, batch, steps, warmup, compactMinCount, cutoffs, withFullSoftmax));
      case scone -> scone(train, gpt2);
    };
    return output.print(result);
  }

  private BenchResult scone(TokenCorpus train, Tokenizer gpt2) {
    int maxN = 5;
    ModelVocabulary vocab = ModelVocabulary.fromCounts(train, compactMinCount);
    NgramCounter counter = new NgramCounter(gpt2.vocabSize(), maxN);
    for (int d = 0; d < train.documents(); d++) counter.addDocument(train.tokens(d));
    FgramVocabulary fgrams = new FgramSelector(10_000, 5)
        .select(counter, new FgramVocabulary.Meta(gpt2.name(), gpt2.vocabSize(), maxN, 1));
    return TrainThroughputBench.run(TokenStream.baseline(train, vocab), TokenStream.scone(train, vocab, fgrams), maxN,
        new TrainThroughputBench.Setup(layers, dModel, 4, context, batch, steps, warmup, 1, 0));
  }
}
