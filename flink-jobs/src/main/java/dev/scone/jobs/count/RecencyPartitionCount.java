package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;

/**
 * Step "count-recency" ({@link CountingMode#RECENCY}): exponentially decayed counts by event time
 * (the record's timestamp: the Kafka record timestamp from the corpus source), never processing
 * time, so a restored job and a replay compute the same counts.
 *
 * <p><b>Forward decay in fixed point.</b> Counts are {@code long}s in units of {@code 2^-F}
 * occurrences ({@code F =} {@value #FRACTION_BITS}) relative to a landmark {@code L}, a multiple of
 * the half-life {@code H}: an occurrence at time {@code t} adds {@code round(2^(F + frac)) << k} with
 * {@code k = floor((t - L) / H)} and {@code frac = ((t - L) mod H) / H}. Since {@code frac} depends
 * on {@code t mod H} only and sums of {@code long}s do not depend on order, the counts are the same
 * for any arrival order. The selection decays them to one time {@code T} ({@link
 * GatheredCandidates}). When an event lands more than {@value #MAX_HALF_LIVES} half-lives after
 * {@code L}, {@code L} moves forward and every count is shifted right by as many bits, which drops
 * n-grams whose weight fell below {@code 2^-F}: memory follows the recent text, not all of it.
 * (Across such a move the truncation can differ by one unit, {@code 2^-F} occurrences, between
 * arrival orders.)
 *
 * <p><b>State.</b> Union list state {@value #STATE_NAME}: per chunk {@code [long landmark][long
 * newest event]} then {@link CountTableBytes}; a restore at any parallelism takes the largest
 * landmark and keeps the entries it owns.
 */
public final class RecencyPartitionCount extends PartitionCountOperator {
  public static final String STATE_NAME = "recency-counts";
  /** Fraction bits of the fixed-point counts: weights are exact to 2^-16 occurrences. */
  public static final int FRACTION_BITS = 16;
  /** Half-lives an event may be ahead of the landmark before it moves: weights stay below 2^(16+1+24). */
  static final int MAX_HALF_LIVES = 24;
  private static final int KEEP_HALF_LIVES = 8;

  private final long halfLifeMs;
  private transient NgramCountTable table;
  private transient ListState<byte[]> checkpointed;
  private transient long landmark;
  private transient long newest;

  public RecencyPartitionCount(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs, long halfLifeMs) {
    super(vocabSize, maxN, fgrams, minCount, emitIntervalMs);
    this.halfLifeMs = halfLifeMs;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    table = new NgramCountTable(1 << 16);
    landmark = Long.MIN_VALUE;
    newest = Long.MIN_VALUE;
    if (context.isRestored()) restore(checkpointed.get());
  }

  private void restore(Iterable<byte[]> chunks) {
    for (byte[] c : chunks) {
      ByteBuffer in = ByteBuffer.wrap(c);
      landmark = Math.max(landmark, in.getLong());
      newest = Math.max(newest, in.getLong());
    }
    for (byte[] c : chunks) {
      ByteBuffer in = ByteBuffer.wrap(c);
      long own = in.getLong();
      in.getLong();
      CountTableBytes.decodeInto(in.slice(), subtask(), parallelism(), table, (int) Math.min(64, (landmark - own) / halfLifeMs));
      changed = true;
    }
  }

  @Override
  void add(NgramBatch b, long timestamp) {
    if (timestamp == Long.MIN_VALUE) {
      throw new IllegalStateException("recency counting needs event timestamps on the records (the corpus source's "
          + "Kafka record timestamps); a record arrived without one");
    }
    if (landmark == Long.MIN_VALUE) landmark = Math.floorDiv(timestamp, halfLifeMs) * halfLifeMs;
    long k = Math.floorDiv(timestamp - landmark, halfLifeMs);
    if (k > MAX_HALF_LIVES) {
      moveLandmark(k - KEEP_HALF_LIVES);
      k = KEEP_HALF_LIVES;
    }
    newest = Math.max(newest, timestamp);
    long unit = Math.round(Math.scalb(Math.pow(2, (double) Math.floorMod(timestamp, halfLifeMs) / halfLifeMs), FRACTION_BITS));
    long weight = k >= 0 ? unit << k : (k <= -Long.SIZE ? 0 : unit >> -k);
    if (weight == 0) return; // older than 2^-F occurrences' worth: nothing to add
    for (int i = 0; i < b.size(); i++) table.add(b.lo[i], b.hi[i], Math.multiplyExact(b.count[i], weight));
  }

  private void moveLandmark(long halfLives) {
    NgramCountTable shifted = new NgramCountTable(table.size());
    int bits = (int) Math.min(64, halfLives);
    table.forEach((lo, hi, count) -> {
      long c = bits >= Long.SIZE ? 0 : count >> bits;
      if (c > 0) shifted.add(lo, hi, c);
    });
    table = shifted;
    landmark += halfLives * halfLifeMs;
  }

  @Override
  void forEachCount(PackedNgramConsumer consumer) {
    table.forEach(consumer);
  }

  @Override
  long candidateMinCount(long minCount) {
    return 1; // scaled counts: the selection applies minCount after decaying them to one time
  }

  @Override
  void describe(CandidateBatch batch) {
    batch.landmarkMs = landmark;
    batch.maxEventMs = newest;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<byte[]> out = new ArrayList<>();
    for (byte[] chunk : CountTableBytes.encode(table)) {
      out.add(ByteBuffer.allocate(16 + chunk.length).putLong(landmark).putLong(newest).put(chunk).array());
    }
    checkpointed.update(out);
  }
}
