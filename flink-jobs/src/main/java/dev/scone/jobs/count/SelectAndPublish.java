package dev.scone.jobs.count;

import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.fgrams.VocabularyStore;
import java.nio.file.Path;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "select-and-publish" (parallelism 1): merges every subtask's candidates, selects F with
 * {@link FgramSelector} (count desc, length asc, tokens asc; top S; minCount), and publishes it as
 * the next version of the {@link VocabularyStore}. Emits one {@link PublishedVocabulary} and adds
 * it to the accumulator {@value #PUBLISHED}, where the client finds it in the job's result. An
 * empty selection (no n-gram reached minCount) is not published: nothing is emitted.
 */
public final class SelectAndPublish extends RichMapPartitionFunction<CandidateBatch, PublishedVocabulary> {
  /** Accumulator name: the list of {@link PublishedVocabulary} this step published. */
  public static final String PUBLISHED = "published";
  private static final Logger LOG = LoggerFactory.getLogger(SelectAndPublish.class);

  private final String tokenizer;
  private final int vocabSize;
  private final CountJobConfig config;
  private transient ListAccumulator<PublishedVocabulary> published;

  public SelectAndPublish(String tokenizer, int vocabSize, CountJobConfig config) {
    this.tokenizer = tokenizer;
    this.vocabSize = vocabSize;
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    published = new ListAccumulator<>();
    getRuntimeContext().addAccumulator(PUBLISHED, published);
  }

  @Override
  public void mapPartition(Iterable<CandidateBatch> candidates, Collector<PublishedVocabulary> out) throws Exception {
    java.util.List<CandidateBatch> batches = new java.util.ArrayList<>();
    for (CandidateBatch b : candidates) batches.add(b);
    GatheredCandidates merged = GatheredCandidates.of(batches, config, vocabSize);
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer, vocabSize, config.maxN(), 0);
    FgramVocabulary vocab = new FgramSelector(config.fgrams(), config.minCount()).select(merged.counts, meta);
    if (vocab.size() == 0) {
      LOG.warn("no f-gram among {} candidates was seen {} times; nothing published", merged.counts.size(),
          config.minCount());
      return;
    }
    VocabularyStore.Published p = new VocabularyStore(Path.of(config.store())).publishNext(vocab, config.sourceSha256());
    LOG.info("published f-gram vocabulary version {} ({} f-grams from {} candidates, {}) at {}",
        p.version(), vocab.size(), merged.counts.size(), merged.accuracy(config), p.file());
    PublishedVocabulary result = new PublishedVocabulary(p.version(), p.file().toString(), p.sha256(), vocab.size(), config.maxN());
    result.countErrorBound = merged.errorBound;
    published.add(result);
    out.collect(result);
  }
}
