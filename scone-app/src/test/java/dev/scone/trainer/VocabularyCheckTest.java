package dev.scone.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.training.fgrams.VocabularyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyCheckTest {
  @TempDir Path dir;
  private Path store;
  private VocabularyStore.Published published;

  @BeforeEach
  void publish() throws Exception {
    store = dir.resolve("store");
    FgramVocabulary v = FgramVocabulary.of(new FgramVocabulary.Meta("gpt2", 50257, 4, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {9, 7});
    published = new VocabularyStore(store).publishNext(v, "");
  }

  private VocabAnnouncement announce(String uri, String sha, int fgrams, int maxN) {
    return new VocabAnnouncement(published.version(), uri, sha, fgrams, maxN, "2026-11-22T15:00:00Z");
  }

  private void assertRefused(VocabAnnouncement a, String mention) {
    BadAnnouncement e = assertThrows(BadAnnouncement.class, () -> new VocabularyCheck(store).verify(a));
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }

  @Test
  void aGoodAnnouncementReadsTheVerifiedFile() throws Exception {
    var read = new VocabularyCheck(store).verify(announce(published.file().toUri().toString(), published.sha256(), 2, 4));
    assertEquals(2, read.vocabulary().size());
    assertEquals(published.version(), read.vocabulary().meta().version());
  }

  @Test
  void wrongChecksumPathsAndFieldsAreRefused() throws Exception {
    String uri = published.file().toUri().toString();
    assertRefused(announce(uri, "0".repeat(64), 2, 4), "refused");
    assertRefused(announce(uri, published.sha256(), 3, 4), "fgrams");
    assertRefused(announce(uri, published.sha256(), 2, 5), "max_n");
    assertRefused(announce("http://example.org/vocab.arrow", published.sha256(), 2, 4), "not a file: URI");
    Path outside = dir.resolve("copy.arrow");
    Files.copy(published.file(), outside);
    assertRefused(announce(outside.toUri().toString(), published.sha256(), 2, 4), "not that version's file");
    String traversal = "file://" + store.resolve("vocab/v000001/../../../copy.arrow");
    assertRefused(announce(traversal, published.sha256(), 2, 4), "not that version's file");
  }

  @Test
  void aSymbolicLinkOutOfTheStoreIsRefused() throws Exception {
    Path target = dir.resolve("elsewhere.arrow");
    Files.move(published.file(), target);
    Files.createSymbolicLink(published.file(), target);
    assertRefused(announce(published.file().toUri().toString(), published.sha256(), 2, 4), "outside the store");
  }
}
