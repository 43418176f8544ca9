package dev.scone.jobs.rescore;

import ai.djl.Device;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.model.Devices;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import dev.scone.model.recycle.RecycleStore;
import dev.scone.model.recycle.RecyclingScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Step "score": documents to output lines ({@link ScoreLine}) with one model handle per subtask,
 * opened from the bundle directory in {@link #open} and closed in {@link #close}. Documents are
 * scored in batches of up to {@code batchDocuments} ({@link Scorer#scoreAll} packs their windows
 * into shared forwards); a bad record becomes its error line at once.
 *
 * <p>The batch is flushed before every checkpoint barrier ({@link #prepareSnapshotPreBarrier})
 * and at end of input, so it never has to be state: a checkpoint never holds a document that was
 * read but not emitted. On CPU each subtask's model gets cores / parallelism intra-op threads.
 *
 * <p>With a {@link RecycleConfig}, batches go through a {@link RecyclingScorer} over the recycle
 * store: scores this bundle computed before are reused, stored activations of a bundle with the
 * same lower part run only the upper blocks (metrics {@code documentsReused}, {@code
 * documentsRecycled}); the store is trimmed to its budget when the subtask closes.
 */
public final class ScoreDocuments extends AbstractStreamOperator<String>
    implements OneInputStreamOperator<RescoreDocument, String>, BoundedOneInput {
  private final String bundleDir;
  private final int batchDocuments;
  private final boolean logprobs;
  private final String runId;
  private final RecycleConfig recycle; // null: score everything

  private transient ModelBundle bundle;
  private transient ServedBundle served;
  private transient Scorer scorer;
  private transient Tokenizer tokenizer;
  private transient String modelVersion;
  private transient long tableVersion;
  private transient List<RescoreDocument> batch;
  private transient RescoreProgress progress;
  private transient Counter documentsScored;
  private transient Counter tokensScored;
  private transient RecycleStore store;
  private transient RecyclingScorer recycler;
  private transient Counter documentsReused;
  private transient Counter documentsRecycled;

  public ScoreDocuments(String bundleDir, int batchDocuments, boolean logprobs, String runId) {
    this(bundleDir, batchDocuments, logprobs, runId, null);
  }

  /** @param recycle how to reuse earlier runs' work, or null to score everything */
  public ScoreDocuments(String bundleDir, int batchDocuments, boolean logprobs, String runId, RecycleConfig recycle) {
    if (batchDocuments < 1) throw new IllegalArgumentException("batchDocuments must be >= 1, got " + batchDocuments);
    this.bundleDir = bundleDir;
    this.batchDocuments = batchDocuments;
    this.logprobs = logprobs;
    this.runId = runId;
    this.recycle = recycle;
  }

  @Override
  public void open() throws Exception {
    super.open();
    Device device = Devices.preferred();
    if (!device.isGpu()) Devices.configureCpuThreads(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    bundle = ModelBundle.open(Path.of(bundleDir));
    served = ServedBundle.open(bundle, device);
    scorer = served.scorer();
    tokenizer = served.tokenizer();
    modelVersion = bundle.manifest().modelVersion();
    tableVersion = bundle.manifest().tableVersion();
    batch = new ArrayList<>(batchDocuments);
    progress = RescoreProgress.of(runId);
    documentsScored = getMetricGroup().counter("documentsScored");
    tokensScored = getMetricGroup().counter("tokensScored");
    documentsReused = getMetricGroup().counter("documentsReused");
    documentsRecycled = getMetricGroup().counter("documentsRecycled");
    if (recycle != null) {
      store = new RecycleStore(Path.of(recycle.dir()), recycle.budgetBytes());
      recycler = RecyclingScorer.open(bundle, served.handle(), store, recycle.layer());
    }
  }

  @Override
  public void processElement(StreamRecord<RescoreDocument> element) {
    RescoreDocument doc = element.getValue();
    if (doc.isBad()) {
      progress.bad();
      output.collect(new StreamRecord<>(ScoreLine.error(doc.id, doc.errorCode, doc.errorMessage)));
      return;
    }
    batch.add(doc);
    if (batch.size() >= batchDocuments) flush();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void endInput() {
    flush();
  }

  private void flush() {
    if (batch.isEmpty()) return;
    List<int[]> tokens = new ArrayList<>(batch.size());
    long total = 0;
    for (RescoreDocument d : batch) {
      int[] t = tokenizer.encode(d.text);
      tokens.add(t);
      total += t.length;
    }
    List<Score> scores;
    if (recycler == null) {
      scores = scorer.scoreAll(tokens);
    } else {
      RecyclingScorer.Outcome o = recycler.scoreAll(tokens);
      scores = o.scores();
      progress.recycled(o.reused(), o.recycled());
      documentsReused.inc(o.reused());
      documentsRecycled.inc(o.recycled());
    }
    for (int i = 0; i < batch.size(); i++) {
      output.collect(new StreamRecord<>(ScoreLine.score(batch.get(i).id, scores.get(i), logprobs, modelVersion, tableVersion)));
    }
    progress.scored(batch.size(), total);
    documentsScored.inc(batch.size());
    tokensScored.inc(total);
    batch.clear();
  }

  @Override
  public void close() throws Exception {
    try {
      if (store != null) {
        store.trim();
        store.close();
      }
    } finally {
      store = null;
      closeModel();
    }
  }

  private void closeModel() throws Exception {
    try {
      if (served != null) served.close();
    } finally {
      served = null;
      if (bundle != null) bundle.close();
      bundle = null;
      super.close();
    }
  }
}
