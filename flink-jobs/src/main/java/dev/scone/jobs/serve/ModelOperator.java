package dev.scone.jobs.serve;

import ai.djl.Device;
import dev.scone.jobs.serve.protocol.Outbound;
import dev.scone.jobs.serve.protocol.ServeRequest;
import dev.scone.model.Devices;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model: answers micro-batches of valid requests (input 1) with the bundle in use, and
 * follows bundle announcements (input 2, broadcast to every subtask).
 *
 * <p>Batches: a batch is answered when it reaches {@code maxRequests}, {@code timeoutMs} after
 * its first request, and before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}),
 * so a checkpoint never holds requests that are read but unanswered: after a failure the
 * source replays them. All of it runs on the task thread, so batches and swaps never overlap.
 *
 * <p>Swaps: an announcement newer than the bundle in use is opened and verified beside it
 * ({@link BundleSwitch}); the pending batch is answered with the old bundle, then the new one
 * serves and the old one is closed. A refused bundle is logged and counted, the old one keeps
 * serving. The version in use is checkpointed (union list state) so a restore serves it again.
 * Loading blocks this subtask's requests for the load time (seconds for real bundles).
 *
 * <p>One model handle per subtask, opened in {@link #open()}, closed in {@link #close()}.
 */
final class ModelOperator extends AbstractStreamOperator<Outbound>
    implements TwoInputStreamOperator<ServeRequest, String, Outbound> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelOperator.class);

  private final ServeConfig config;
  private transient List<ServeRequest> pending;
  private transient long timerFor; // the batch number the pending timer flushes; -1: none pending
  private transient long batchNumber;
  private transient BundleSwitch bundles;
  private transient BatchAnswerer answerer;
  private transient ServingMetrics metrics;
  private transient ListState<String> inUseState;
  private transient String restoredRef;

  ModelOperator(ServeConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    inUseState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("bundle-in-use", Types.STRING));
    long best = 0;
    for (String json : inUseState.get()) { // every subtask's: take the newest
      BundleRef ref = BundleRef.fromJson(json);
      if (ref.version() > best) {
        best = ref.version();
        restoredRef = json;
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new ArrayList<>();
    timerFor = -1;
    Device device = Devices.preferred();
    if (!device.isGpu()) { // PyTorch's default (every core per op) oversubscribes with a model per subtask
      Devices.configureCpuThreads(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }
    bundles = new BundleSwitch(BundleStore.at(Path.of(config.storeDir())), device, config.tokenizer(), config.prefixCache(),
        config.tableRead());
    metrics = new ServingMetrics(getMetricGroup(), bundles::modelVersion, bundles::tableVersion, bundles::prefixCache);
    bundles.start(config.initialBundle(), restoredRef == null ? null : BundleRef.fromJson(restoredRef));
    answerer = new BatchAnswerer(config.topics(), config.batch().maxQueueMs(), System.currentTimeMillis());
    LOG.info("serving {} (subtask {})", bundles.inUse(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
  }

  @Override
  public void processElement1(StreamRecord<ServeRequest> element) {
    pending.add(element.getValue());
    if (pending.size() >= config.batch().maxRequests()) {
      flush();
    } else if (pending.size() == 1) {
      long batch = batchNumber;
      timerFor = batch;
      long at = getProcessingTimeService().getCurrentProcessingTime() + config.batch().timeoutMs();
      getProcessingTimeService().registerTimer(at, time -> {
        if (timerFor == batch) flush(); // a batch flushed earlier (size, barrier) leaves a stale timer
      });
    }
  }

  @Override
  public void processElement2(StreamRecord<String> element) {
    BundleRef ref = bundles.announced(element.getValue());
    if (ref == null) {
      metrics.refusedBundles.inc();
      return;
    }
    if (ref.version() <= bundles.inUseRef().version()) {
      LOG.info("ignoring the announcement of v{}: serving v{} already", ref.version(), bundles.inUseRef().version());
      return;
    }
    flush(); // requests read before the announcement are answered by the bundle they arrived under
    if (bundles.swapTo(ref).isEmpty()) {
      metrics.swaps.inc();
    } else {
      metrics.refusedBundles.inc();
    }
  }

  private void flush() {
    batchNumber++;
    timerFor = -1;
    if (pending.isEmpty()) return;
    List<ServeRequest> batch = pending;
    pending = new ArrayList<>();
    metrics.batchSize.update(batch.size());
    answerer.answer(batch, bundles.inUse(), o -> output.collect(new StreamRecord<>(o)), metrics::answered);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    inUseState.update(List.of(bundles.inUseRef().toJson()));
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (bundles != null) bundles.close();
    } finally {
      super.close();
    }
  }
}
