package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other-domain texts are fetched like the corpora: pinned npm tarballs, checked by SHA-256
 * (lodash is fetched for real, 320 kB; the 20 MB mail corpus is checked on a package laid out like it).
 */
class OtherDomainCorpusTest {

  @Test
  void lodashSourceIsFetchedVerifiedAndReadOneDocumentPerTopLevelModule(@TempDir Path cache) throws IOException {
    CorpusFetcher fetcher = new CorpusFetcher(cache);
    Corpus lodash = Corpora.load(CorpusCatalog.LODASH, fetcher);
    assertEquals(CorpusCatalog.LODASH.sha256() + "  lodash@4.17.21\n",
        Files.readString(fetcher.directory(CorpusCatalog.LODASH).resolve(CorpusFetcher.MARKER)));
    List<Document> docs = lodash.documents();
    assertTrue(docs.size() > 250, docs.size() + " modules");
    assertTrue(docs.stream().allMatch(d -> d.id().endsWith(".js")));
    assertTrue(docs.stream().anyMatch(d -> d.id().equals("debounce.js") && d.text().contains("function debounce(")));
    assertFalse(docs.stream().anyMatch(d -> d.id().contains("/")), "fp/ wrappers are left out");
  }

  @Test
  void aTamperedPinIsRefusedForTheOtherDomainPackagesToo(@TempDir Path cache) {
    CorpusSpec tampered = CorpusCatalog.LODASH.withSha256("f".repeat(64));
    CorpusFetchException e = assertThrows(CorpusFetchException.class, () -> new CorpusFetcher(cache).fetch(tampered));
    assertTrue(e.getMessage().contains("expected " + "f".repeat(64)), e.getMessage());
    assertTrue(e.getMessage().contains("found " + CorpusCatalog.LODASH.sha256()), e.getMessage());
    assertFalse(Files.exists(cache.resolve(CorpusCatalog.LODASH.cacheDirName())));
  }

  @Test
  void otherDomainsAreNamedButNotAmongTheCorporaFetchedByDefault() {
    assertEquals(CorpusCatalog.EMAIL, CorpusCatalog.byName("email-2002"));
    assertEquals(CorpusCatalog.LODASH, CorpusCatalog.byName("lodash-source"));
    assertEquals(List.of(CorpusCatalog.LODASH, CorpusCatalog.EMAIL), CorpusCatalog.otherDomains());
    assertFalse(CorpusCatalog.all().contains(CorpusCatalog.EMAIL));
  }

  @Test
  void mailDocumentsAreMessageBodiesWithoutHeaders(@TempDir Path root) throws IOException {
    Path group = Files.createDirectories(root.resolve("data").resolve("easy-ham-1"));
    Files.writeString(group.resolve("00002.b.json"),
        "{\"id\":\"00002\",\"text\":\"From: a@b\\r\\nSubject: hi\\r\\n\\r\\nSecond body.\\r\\nLine two.\\n\"}");
    Files.writeString(group.resolve("00001.a.json"), "{\"id\":\"00001\",\"text\":\"From: x\\nSubject: y\\n\\nFirst body.\"}");
    Files.writeString(group.resolve("00003.c.json"), "{\"id\":\"00003\",\"text\":\"From: x\\n\\n   \"}");
    List<Document> docs = new MailBodiesLayout("easy-ham-1").read(root);
    assertEquals(List.of("easy-ham-1/00001", "easy-ham-1/00002"), docs.stream().map(Document::id).toList(),
        "file-name order; an empty body is dropped");
    assertEquals("First body.", docs.get(0).text());
    assertEquals("Second body.\nLine two.\n", docs.get(1).text());
  }
}
