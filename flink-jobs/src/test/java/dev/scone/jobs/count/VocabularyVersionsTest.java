package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.training.fgrams.VocabularyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restored job's publish does to versions already in the store. */
class VocabularyVersionsTest {
  private static final FgramVocabulary.Meta META = new FgramVocabulary.Meta("gpt2", 50257, 3, 0);
  private static final FgramVocabulary A = FgramVocabulary.of(META, List.of(new int[] {1, 2}, new int[] {3, 4}), new long[] {9, 5});
  private static final FgramVocabulary B = FgramVocabulary.of(META, List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {9, 5});

  @TempDir Path store;

  @Test
  void publishingTheSameContentAtAnExistingVersionReusesItsFileUnchanged() throws Exception {
    VocabularyVersions versions = new VocabularyVersions(store);
    VocabularyStore.Published first = versions.publishFrom(1, A, "");
    byte[] bytes = Files.readAllBytes(first.file());
    VocabularyStore.Published again = versions.publishFrom(1, A, "");
    assertEquals(1, again.version());
    assertEquals(first.sha256(), again.sha256());
    assertArrayEquals(bytes, Files.readAllBytes(again.file()));
  }

  @Test
  void publishingOtherContentAtAnExistingVersionTakesTheNextFreeOneAndKeepsTheOld() throws Exception {
    VocabularyVersions versions = new VocabularyVersions(store);
    VocabularyStore.Published a = versions.publishFrom(1, A, "");
    VocabularyStore.Published b = versions.publishFrom(1, B, "");
    assertEquals(2, b.version());
    assertTrue(A.withVersion(1).sameContent(VocabularyFile.read(a.file(), a.sha256()).vocabulary()), "version 1 is not overwritten");
    assertTrue(B.withVersion(2).sameContent(VocabularyFile.read(b.file(), b.sha256()).vocabulary()));
    assertEquals(2, versions.publishFrom(1, B, "").version(), "B is found again at version 2");
    assertEquals(2, versions.latestVersion().getAsLong());
  }
}
