package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.ErrorCode;
import dev.scone.jobs.serve.protocol.Op;
import dev.scone.jobs.serve.protocol.Outbound;
import dev.scone.jobs.serve.protocol.ResponseJson;
import dev.scone.jobs.serve.protocol.ServeRequest;
import dev.scone.model.infer.Generation;
import dev.scone.model.infer.GenerationParams;
import dev.scone.model.infer.Score;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one micro-batch on one bundle: the score requests together in one
 * {@code Scorer.scoreAll} (their windows share forwards), then each generate request alone.
 * A request the model fails on gets a {@code model_error} response; the batch goes on. A request
 * that waited longer than the queue limit gets an {@code overloaded} response without the model:
 * under overload the backlog is answered fast instead of growing without bound.
 * Answers are emitted in batch order. Not thread-safe (it runs on the bundle's thread).
 */
final class BatchAnswerer {
  private static final Logger LOG = LoggerFactory.getLogger(BatchAnswerer.class);

  private final ServeTopics topics;
  private final long maxQueueMs;
  private final long readySinceMs;

  /**
   * @param maxQueueMs a request that waited longer is answered overloaded; 0: never
   * @param readySinceMs when the model became ready: waiting is counted from then at the earliest,
   *     so requests that queued while the job started or restored are not shed for it
   */
  BatchAnswerer(ServeTopics topics, long maxQueueMs, long readySinceMs) {
    this.topics = topics;
    this.maxQueueMs = maxQueueMs;
    this.readySinceMs = readySinceMs;
  }

  /** Answers {@code batch} with {@code bundle}, passing each answer and its latency (ms) to the sinks. */
  void answer(List<ServeRequest> batch, LoadedBundle bundle, Consumer<Outbound> out, LatencySink latencies) {
    byte[][] values = new byte[batch.size()][];
    shedOverdue(batch, values);
    scoreAll(batch, bundle, values);
    for (int i = 0; i < batch.size(); i++) {
      ServeRequest r = batch.get(i);
      if (r.op() == Op.GENERATE && values[i] == null) values[i] = generate(r, bundle);
    }
    long now = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) {
      ServeRequest r = batch.get(i);
      out.accept(Outbound.answer(topics.replyTopic(r.replyTo()), r.id().getBytes(StandardCharsets.UTF_8), values[i],
          r.correlationId()));
      latencies.record(now - r.receivedAtMs());
    }
  }

  /** Receives each answered request's latency in ms. */
  interface LatencySink {
    void record(long latencyMs);
  }

  /** Answers the requests that waited past the queue limit with {@code overloaded}. */
  private void shedOverdue(List<ServeRequest> batch, byte[][] values) {
    if (maxQueueMs == 0) return;
    long now = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) {
      ServeRequest r = batch.get(i);
      long waited = now - Math.max(r.enqueuedAtMs(), readySinceMs);
      if (waited > maxQueueMs) {
        values[i] = ResponseJson.error(r.id(), ErrorCode.OVERLOADED, "the service is overloaded: this request waited "
            + waited + " ms for the model, more than the " + maxQueueMs + " ms allowed; send it again later");
      }
    }
  }

  private void scoreAll(List<ServeRequest> batch, LoadedBundle bundle, byte[][] values) {
    List<Integer> at = new ArrayList<>();
    List<int[]> docs = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).op() == Op.SCORE && values[i] == null) {
        at.add(i);
        docs.add(batch.get(i).tokens());
      }
    }
    if (docs.isEmpty()) return;
    List<Score> scores;
    try {
      scores = bundle.scorer.scoreAll(docs);
    } catch (RuntimeException e) {
      LOG.warn("scoring a batch of {} failed ({}); scoring its requests one by one", docs.size(), e.toString());
      for (int i : at) values[i] = scoreOne(batch.get(i), bundle);
      return;
    }
    long now = System.currentTimeMillis();
    for (int j = 0; j < at.size(); j++) {
      ServeRequest r = batch.get(at.get(j));
      values[at.get(j)] = ResponseJson.score(r.id(), bundle.versions, scores.get(j), r.logprobs(), now - r.receivedAtMs());
    }
  }

  private byte[] scoreOne(ServeRequest r, LoadedBundle bundle) {
    try {
      Score s = bundle.scorer.score(r.tokens());
      return ResponseJson.score(r.id(), bundle.versions, s, r.logprobs(), System.currentTimeMillis() - r.receivedAtMs());
    } catch (RuntimeException e) {
      return modelError(r, e);
    }
  }

  private byte[] generate(ServeRequest r, LoadedBundle bundle) {
    try {
      GenerationParams params = new GenerationParams(r.maxTokens(), r.temperature(), r.topK(), r.topP(), r.seed(),
          Arrays.asList(r.stop()), bundle.eosToken);
      Generation g = bundle.generator.generate(r.tokens(), params);
      return ResponseJson.generate(r.id(), bundle.versions, g, r.logprobs(), System.currentTimeMillis() - r.receivedAtMs());
    } catch (RuntimeException e) {
      return modelError(r, e);
    }
  }

  private static byte[] modelError(ServeRequest r, RuntimeException e) {
    LOG.warn("request {} ({}) failed in the model", r.id(), r.op().wireName(), e);
    return ResponseJson.error(r.id(), ErrorCode.MODEL_ERROR, "the model failed on this request: " + e.getMessage());
  }
}
