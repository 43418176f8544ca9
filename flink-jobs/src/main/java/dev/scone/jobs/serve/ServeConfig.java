package dev.scone.jobs.serve;

import dev.scone.fgram.table.TableReadOptions;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.infer.PrefixCacheConfig;
import java.io.Serializable;

/**
 * Everything the serving job needs. Immutable; serializable (it travels with the operators).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics requests, responses, dead letters, bundle announcements
 * @param storeDir the bundle store (local path) announcements must point into
 * @param initialBundleJson the bundle served until a newer one is announced, as {@link BundleRef#toJson()}
 *     (a record field of training's type would not be serializable); opened as configured, not
 *     required to be inside the store
 * @param groupId consumer group of the request source
 * @param parallelism model subtasks (each loads its own copy of the model)
 * @param batch micro-batching
 * @param checkpointIntervalMs checkpoint interval (ms); answers are visible to read_committed
 *     consumers only after the checkpoint that follows them, so this bounds latency from below
 * @param transactionalIdPrefix the exactly-once sink's transactional id prefix (unique per job)
 * @param limits what a request may ask for
 * @param tokenizer the tokenizer requests are validated with; a bundle with another is refused
 * @param delivery how answers reach the topics: exactly once, at checkpoints (the default), or at
 *     least once, as soon as computed
 * @param prefixCache reuse of recently computed token prefixes (on by default: answers are the
 *     same with it, up to float rounding); each loaded bundle gets its own, emptied on a swap
 * @param tableRead how SCONE rows are read from each loaded bundle's table: plainly from the
 *     mapping by default ({@link TableReadOptions#IN_MEMORY}), or through a Caffeine tier and a
 *     prefetch pool, for a table larger than RAM ({@code scone bench table-scale} measures both)
 */
public record ServeConfig(String bootstrapServers, ServeTopics topics, String storeDir, String initialBundleJson,
    String groupId, int parallelism, Batching batch, long checkpointIntervalMs, String transactionalIdPrefix,
    ServingLimits limits, String tokenizer, Delivery delivery, PrefixCacheConfig prefixCache,
    TableReadOptions tableRead) implements Serializable {

  /**
   * The trade between visibility and duplicates. {@code EXACTLY_ONCE}: answers and dead letters are
   * written in Kafka transactions committed at each checkpoint, so read_committed consumers see each
   * exactly once, also across failures, but only after the next checkpoint. {@code AT_LEAST_ONCE}:
   * written as soon as computed (idempotent producer, no transactions), so visible within the
   * batch's own time; after a crash the requests since the last checkpoint are answered again, with
   * the same request id as key, which a client can drop.
   */
  public enum Delivery {
    EXACTLY_ONCE,
    AT_LEAST_ONCE
  }

  /**
   * When a micro-batch is handed to the model: at {@code maxRequests} requests, after {@code
   * timeoutMs} since its first request, or before a checkpoint barrier, whichever comes first.
   * Admission: a request that has waited more than {@code maxQueueMs} since it joined the queue
   * (its record's timestamp, or the model's start when later) when its batch reaches the model is
   * answered {@code overloaded} at once, without the model; 0 turns this off.
   */
  public record Batching(int maxRequests, long timeoutMs, long maxQueueMs) implements Serializable {
    /** Requests are shed after waiting this long by default (ms). */
    public static final long DEFAULT_MAX_QUEUE_MS = 10_000;

    public Batching {
      if (maxRequests < 1) throw new IllegalArgumentException("maxRequests must be >= 1, got " + maxRequests);
      if (timeoutMs < 0) throw new IllegalArgumentException("timeoutMs must be >= 0, got " + timeoutMs);
      if (maxQueueMs < 0) throw new IllegalArgumentException("maxQueueMs must be >= 0, got " + maxQueueMs);
    }

    /** With the default queue limit. */
    public Batching(int maxRequests, long timeoutMs) {
      this(maxRequests, timeoutMs, DEFAULT_MAX_QUEUE_MS);
    }
  }

  public ServeConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers are required");
    if (storeDir == null || storeDir.isBlank()) throw new IllegalArgumentException("a store directory is required");
    BundleRef.fromJson(initialBundleJson); // fails early, naming the bad field
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    if (checkpointIntervalMs < 10) {
      throw new IllegalArgumentException("checkpoint interval must be >= 10 ms, got " + checkpointIntervalMs);
    }
    if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
      throw new IllegalArgumentException("a transactional id prefix is required");
    }
    if (delivery == null) throw new IllegalArgumentException("a delivery mode is required");
    if (prefixCache == null) throw new IllegalArgumentException("a prefix cache config is required (PrefixCacheConfig.OFF for none)");
    if (tableRead == null) throw new IllegalArgumentException("table read options are required (TableReadOptions.IN_MEMORY: plain)");
  }

  /**
   * The architecture's topics, group {@code scone-serve}, parallelism 1, batches of 16 or 20 ms,
   * checkpoints every second, default limits with prompts up to {@code contextLength} tokens, GPT-2,
   * exactly-once delivery, the default prefix cache, plain reads from the mapped table.
   */
  public static ServeConfig defaults(String bootstrapServers, String storeDir, BundleRef initial, int contextLength) {
    return new ServeConfig(bootstrapServers, ServeTopics.defaults(), storeDir, initial.toJson(), "scone-serve", 1,
        new Batching(16, 20), 1000, "scone-serve", ServingLimits.defaults(contextLength), "gpt2", Delivery.EXACTLY_ONCE,
        PrefixCacheConfig.DEFAULT, TableReadOptions.IN_MEMORY);
  }

  public BundleRef initialBundle() {
    return BundleRef.fromJson(initialBundleJson);
  }

  public ServeConfig withTopics(ServeTopics t) {
    return copy(c -> c.topics = t);
  }

  public ServeConfig withParallelism(int p) {
    return copy(c -> c.parallelism = p);
  }

  public ServeConfig withBatch(Batching b) {
    return copy(c -> c.batch = b);
  }

  public ServeConfig withCheckpointInterval(long ms) {
    return copy(c -> c.checkpointIntervalMs = ms);
  }

  public ServeConfig withGroup(String group, String txPrefix) {
    return copy(c -> {
      c.groupId = group;
      c.transactionalIdPrefix = txPrefix;
    });
  }

  public ServeConfig withLimits(ServingLimits l) {
    return copy(c -> c.limits = l);
  }

  public ServeConfig withDelivery(Delivery d) {
    return copy(c -> c.delivery = d);
  }

  public ServeConfig withPrefixCache(PrefixCacheConfig p) {
    return copy(c -> c.prefixCache = p);
  }

  public ServeConfig withTableRead(TableReadOptions t) {
    return copy(c -> c.tableRead = t);
  }

  /** This config with {@code change} applied to a mutable copy of its fields, validated again. */
  private ServeConfig copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new ServeConfig(f.bootstrapServers, f.topics, f.storeDir, f.initialBundleJson, f.groupId, f.parallelism,
        f.batch, f.checkpointIntervalMs, f.transactionalIdPrefix, f.limits, f.tokenizer, f.delivery, f.prefixCache,
        f.tableRead);
  }

  /** The record's fields, mutable, for {@link #copy}. */
  private static final class Fields {
    String bootstrapServers;
    ServeTopics topics;
    String storeDir;
    String initialBundleJson;
    String groupId;
    int parallelism;
    Batching batch;
    long checkpointIntervalMs;
    String transactionalIdPrefix;
    ServingLimits limits;
    String tokenizer;
    Delivery delivery;
    PrefixCacheConfig prefixCache;
    TableReadOptions tableRead;

    Fields(ServeConfig c) {
      bootstrapServers = c.bootstrapServers;
      topics = c.topics;
      storeDir = c.storeDir;
      initialBundleJson = c.initialBundleJson;
      groupId = c.groupId;
      parallelism = c.parallelism;
      batch = c.batch;
      checkpointIntervalMs = c.checkpointIntervalMs;
      transactionalIdPrefix = c.transactionalIdPrefix;
      limits = c.limits;
      tokenizer = c.tokenizer;
      delivery = c.delivery;
      prefixCache = c.prefixCache;
      tableRead = c.tableRead;
    }
  }
}
