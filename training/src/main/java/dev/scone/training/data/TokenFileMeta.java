package dev.scone.training.data;

import dev.scone.fgram.files.FileSha256;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a token file was made from, recorded in its schema metadata and checked on read: the
 * tokenizer and its V, the corpus (name and version), the split, and the SHA-256 of the split's
 * documents ({@link DocumentDigest}). Two files with equal metadata hold the same tokens.
 *
 * @param tokenizer the tokenizer's name
 * @param vocabSize the tokenizer's V, >= 1
 * @param corpus the corpus name (e.g. {@code sotu})
 * @param corpusVersion the corpus version (e.g. the npm package version)
 * @param split the split's name (e.g. {@code train})
 * @param sourceSha256 SHA-256 hex of the documents that were tokenized
 */
public record TokenFileMeta(String tokenizer, int vocabSize, String corpus, String corpusVersion,
    String split, String sourceSha256) {

  static final String TOKENIZER = "tokenizer";
  static final String VOCAB_SIZE = "vocab_size";
  static final String CORPUS = "corpus";
  static final String CORPUS_VERSION = "corpus_version";
  static final String SPLIT = "split";
  static final String SOURCE_SHA256 = "source_sha256";

  public TokenFileMeta {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(corpusVersion, "corpusVersion");
    Objects.requireNonNull(split, "split");
    if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
    sourceSha256 = FileSha256.requireHex("sourceSha256", sourceSha256);
  }

  /** The metadata keys and values, in a stable order (without format keys and counts). */
  Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TOKENIZER, tokenizer);
    m.put(VOCAB_SIZE, Integer.toString(vocabSize));
    m.put(CORPUS, corpus);
    m.put(CORPUS_VERSION, corpusVersion);
    m.put(SPLIT, split);
    m.put(SOURCE_SHA256, sourceSha256);
    return m;
  }
}
