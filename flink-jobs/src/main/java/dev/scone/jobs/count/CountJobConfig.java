package dev.scone.jobs.count;

import java.io.Serializable;

/**
 * Every knob of {@link FgramCountJob}.
 *
 * @param tokenizer tokenizer name ({@link dev.scone.fgram.tokenize.Tokenizers#byName})
 * @param maxN longest n-gram counted and selected (2..8 for GPT-2's vocabulary)
 * @param fgrams S, the most f-grams kept
 * @param minCount the least count an f-gram needs
 * @param parallelism parallelism of parsing, tokenizing and counting; selection runs at 1
 * @param maxDocumentChars documents longer than this (UTF-16 chars) are split, see {@link
 *     DocumentSplitter}
 * @param jsonRecords whether a record starting with '{' is a {@code {"id","text"}} envelope
 *     (Kafka records) or plain text (files)
 * @param mode how the counting step counts
 * @param store the store directory the vocabulary is published into ({@code <store>/vocab/vNNNNNN})
 * @param sourceSha256 SHA-256 of what was counted, recorded in the file's metadata; empty if unknown
 * @param summaryCapacity m, Space-Saving counters per counting subtask in {@link CountingMode#BOUNDED}
 *     (at least S); 0 in the other modes
 * @param halfLifeMs event-time half-life of an occurrence's weight in {@link CountingMode#RECENCY}
 *     (ms); 0 in the other modes
 */
public record CountJobConfig(
    String tokenizer,
    int maxN,
    int fgrams,
    long minCount,
    int parallelism,
    int maxDocumentChars,
    boolean jsonRecords,
    CountingMode mode,
    String store,
    String sourceSha256,
    int summaryCapacity,
    long halfLifeMs)
    implements Serializable {

  /** 1 Mi chars: a few MB of text, a few hundred thousand tokens per document at most. */
  public static final int DEFAULT_MAX_DOCUMENT_CHARS = 1 << 20;

  public CountJobConfig {
    if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
    if (fgrams < 0) throw new IllegalArgumentException("fgrams (S) must be >= 0, got " + fgrams);
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    if (maxDocumentChars < 2) {
      throw new IllegalArgumentException("maxDocumentChars must be >= 2, got " + maxDocumentChars);
    }
    if (store == null || store.isBlank()) throw new IllegalArgumentException("store directory is required");
    if (mode == null) throw new IllegalArgumentException("counting mode is required");
    if (sourceSha256 == null) sourceSha256 = "";
    if (mode == CountingMode.BOUNDED && summaryCapacity < Math.max(1, fgrams)) {
      throw new IllegalArgumentException("bounded-memory counting needs at least S = " + fgrams
          + " counters per subtask (40 x S or more for the top S to match exact counting), got " + summaryCapacity);
    }
    if (mode == CountingMode.RECENCY && halfLifeMs < 1) {
      throw new IllegalArgumentException("recency counting needs a half-life >= 1 ms, got " + halfLifeMs);
    }
  }

  /** A config of the modes without extra knobs (summaryCapacity and halfLifeMs 0). */
  public CountJobConfig(String tokenizer, int maxN, int fgrams, long minCount, int parallelism, int maxDocumentChars,
      boolean jsonRecords, CountingMode mode, String store, String sourceSha256) {
    this(tokenizer, maxN, fgrams, minCount, parallelism, maxDocumentChars, jsonRecords, mode, store, sourceSha256, 0, 0);
  }

  /** This config in {@link CountingMode#BOUNDED} with {@code capacity} counters per subtask. */
  public CountJobConfig boundedMemory(int capacity) {
    return new CountJobConfig(tokenizer, maxN, fgrams, minCount, parallelism, maxDocumentChars, jsonRecords,
        CountingMode.BOUNDED, store, sourceSha256, capacity, 0);
  }

  /** This config in {@link CountingMode#RECENCY} with the given event-time half-life (ms). */
  public CountJobConfig recency(long halfLifeMs) {
    return new CountJobConfig(tokenizer, maxN, fgrams, minCount, parallelism, maxDocumentChars, jsonRecords,
        CountingMode.RECENCY, store, sourceSha256, 0, halfLifeMs);
  }

  /** Exact counting of plain-text documents with the default document limit. */
  public static CountJobConfig exact(String tokenizer, int maxN, int fgrams, long minCount, int parallelism, String store, String sourceSha256) {
    return new CountJobConfig(tokenizer, maxN, fgrams, minCount, parallelism, DEFAULT_MAX_DOCUMENT_CHARS,
        false, CountingMode.EXACT, store, sourceSha256);
  }
}
