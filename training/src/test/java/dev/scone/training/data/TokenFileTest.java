package dev.scone.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  private static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  static TokenCorpus randomCorpus(Random random, int documents, int maxLength, int vocab) {
    List<String> ids = new ArrayList<>();
    int[] offsets = new int[documents + 1];
    List<Integer> tokens = new ArrayList<>();
    for (int d = 0; d < documents; d++) {
      ids.add("doc-" + d + (d % 3 == 0 ? "-ünïcode" : ""));
      int length = d == 1 ? 0 : random.nextInt(maxLength + 1); // document 1 is empty
      for (int j = 0; j < length; j++) tokens.add(random.nextInt(vocab));
      offsets[d + 1] = tokens.size();
    }
    int[] flat = tokens.stream().mapToInt(Integer::intValue).toArray();
    return new TokenCorpus("test", vocab, ids, flat, offsets);
  }

  static TokenFileMeta meta(TokenCorpus corpus, String split) {
    return new TokenFileMeta(corpus.tokenizer(), corpus.vocabSize(), "tiny", "1.0", split, SHA);
  }

  @Test
  void roundTripKeepsIdsTokensBoundariesAndMetadata() throws IOException {
    TokenCorpus corpus = randomCorpus(new Random(1), 40, 300, 1000);
    Path file = dir.resolve("train.tokens.arrow");
    String sha = TokenFile.write(corpus, meta(corpus, "train"), file);

    TokenFile.Contents read = TokenFile.read(file, meta(corpus, "train"));
    assertTrue(read.corpus().sameContent(corpus));
    assertEquals(meta(corpus, "train"), read.meta());
    assertEquals(sha, read.fileSha256());
    assertEquals(FileSha256.of(file), sha);
    for (int d = 0; d < corpus.documents(); d++) {
      assertEquals(corpus.id(d), read.corpus().id(d));
      assertEquals(corpus.start(d), read.corpus().docStarts()[d]);
    }
  }

  @Test
  void documentsSpanningSeveralRecordBatchesRoundTrip() throws IOException {
    // Batches hold about 2^20 tokens: 3 documents of 600k tokens need 3 batches.
    TokenCorpus corpus = randomCorpus(new Random(2), 3, 1_200_000, 50_257);
    Path file = dir.resolve("big.tokens.arrow");
    TokenFile.write(corpus, meta(corpus, "train"), file);
    assertTrue(TokenFile.read(file).corpus().sameContent(corpus));
  }

  @Test
  void damagedFileIsRefused() throws IOException {
    TokenCorpus corpus = randomCorpus(new Random(3), 10, 100, 500);
    Path file = dir.resolve("t.tokens.arrow");
    TokenFile.write(corpus, meta(corpus, "train"), file);
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, size / 2);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, size / 2);
    }
    TableFormatException e = assertThrows(TableFormatException.class, () -> TokenFile.read(file));
    assertTrue(e.getMessage().contains("sha256 does not match"), e.getMessage());
  }

  @Test
  void truncatedFileIsRefusedEvenWithAMatchingSidecar() throws IOException {
    TokenCorpus corpus = randomCorpus(new Random(4), 10, 100, 500);
    Path file = dir.resolve("t.tokens.arrow");
    TokenFile.write(corpus, meta(corpus, "train"), file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.writeString(FileSha256.sidecarOf(file), FileSha256.of(file) + "  t.tokens.arrow\n");
    TableFormatException e = assertThrows(TableFormatException.class, () -> TokenFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void fileWithoutSidecarIsRefused() throws IOException {
    TokenCorpus corpus = randomCorpus(new Random(5), 5, 50, 100);
    Path file = dir.resolve("t.tokens.arrow");
    TokenFile.write(corpus, meta(corpus, "train"), file);
    Files.delete(FileSha256.sidecarOf(file));
    TableFormatException e = assertThrows(TableFormatException.class, () -> TokenFile.read(file));
    assertTrue(e.getMessage().contains("sidecar"), e.getMessage());
  }

  @Test
  void mismatchedMetadataIsRefusedNamingTheKey() throws IOException {
    TokenCorpus corpus = randomCorpus(new Random(6), 5, 50, 100);
    Path file = dir.resolve("t.tokens.arrow");
    TokenFile.write(corpus, meta(corpus, "train"), file);
    TableFormatException e = assertThrows(
        TableFormatException.class, () -> TokenFile.read(file, meta(corpus, "validation")));
    assertTrue(e.getMessage().contains("'split'") && e.getMessage().contains("validation"),
        e.getMessage());
  }

  @Test
  void anotherSconeFormatIsRefused() throws IOException {
    FgramVocabulary vocab = FgramVocabulary.of(new FgramVocabulary.Meta("test", 100, 3, 1),
        List.of(new int[] {1, 2}), new long[] {5});
    Path file = dir.resolve("vocab.arrow");
    VocabularyFile.write(vocab, "", file);
    TableFormatException e = assertThrows(TableFormatException.class, () -> TokenFile.read(file));
    assertTrue(e.getMessage().contains("wrong format"), e.getMessage());
  }

  @Test
  void writeRefusesMetadataOfAnotherTokenizer() {
    TokenCorpus corpus = randomCorpus(new Random(7), 2, 10, 100);
    TokenFileMeta other = new TokenFileMeta("gpt2", 50_257, "tiny", "1", "train", SHA);
    assertThrows(IllegalArgumentException.class,
        () -> TokenFile.write(corpus, other, dir.resolve("x.arrow")));
  }
}
