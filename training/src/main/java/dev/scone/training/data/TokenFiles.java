package dev.scone.training.data;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.corpus.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of data preparation: a corpus split tokenized once into a cached
 * {@link TokenFile} and read back from it afterwards. The cache key is the file's path
 * ({@code <cache>/<corpus>-<version>/<split>.<tokenizer>.tokens.arrow}) and its metadata: a file
 * whose metadata (including the SHA-256 of the split's documents) or checksum does not match is
 * rebuilt, never used.
 *
 * <p>Stateless and thread-safe. Two processes preparing the same file at once both write it
 * atomically; either result is the same file.
 */
public final class TokenFiles {

  private static final Logger LOG = LoggerFactory.getLogger(TokenFiles.class);

  private TokenFiles() {}

  /** The default cache directory: {@code SconeCache.root()/tokens}. */
  public static Path defaultCache() {
    return SconeCache.root().resolve("tokens");
  }

  /** Where the token file of this corpus split and tokenizer lives under {@code cacheDir}. */
  public static Path fileFor(Path cacheDir, String corpus, String corpusVersion, String split,
      String tokenizer) {
    return cacheDir.resolve(corpus + "-" + corpusVersion)
        .resolve(split + "." + tokenizer + ".tokens.arrow");
  }

  /** {@link #prepare(Corpus, Split, Tokenizer, Path)} in {@link #defaultCache()}. */
  public static TokenCorpus prepare(Corpus corpus, Split split, Tokenizer tokenizer)
      throws IOException {
    return prepare(corpus, split, tokenizer, defaultCache());
  }

  /** The tokens of one split of a loaded corpus, from the cache or tokenized and cached now. */
  public static TokenCorpus prepare(Corpus corpus, Split split, Tokenizer tokenizer, Path cacheDir)
      throws IOException {
    String splitName = split.name().toLowerCase(Locale.ROOT);
    String version = corpus.spec().version();
    Path file = fileFor(cacheDir, corpus.name(), version, splitName, tokenizer.name());
    return prepare(corpus.name(), version, splitName, corpus.documents(split), tokenizer, file);
  }

  /**
   * The tokens of {@code documents}: read from {@code file} when it holds exactly these
   * documents under this tokenizer, else tokenized and written there (atomically).
   */
  public static TokenCorpus prepare(String corpus, String corpusVersion, String split,
      List<Document> documents, Tokenizer tokenizer, Path file) throws IOException {
    TokenFileMeta expected = new TokenFileMeta(tokenizer.name(), tokenizer.vocabSize(), corpus,
        corpusVersion, split, DocumentDigest.of(documents));
    if (Files.exists(file)) {
      try {
        return TokenFile.read(file, expected).corpus();
      } catch (TableFormatException e) {
        LOG.warn("rebuilding token file: {}", e.getMessage());
      }
    }
    TokenCorpus tokens = TokenCorpus.tokenize(documents, tokenizer);
    TokenFile.write(tokens, expected, file);
    LOG.info("wrote {} ({} documents, {} tokens)", file, tokens.documents(), tokens.size());
    return tokens;
  }
}
