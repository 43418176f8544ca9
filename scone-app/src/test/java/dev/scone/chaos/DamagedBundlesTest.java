package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged artefacts and hostile announcements, table-driven, through {@link BundleStore#open}
 * (what the serving job's bundle switch calls before it lets a bundle replace the one in use):
 * each is refused with a reason naming what was wrong, and the bundle in use still opens and
 * verifies afterwards. The job-level swap-or-keep is pinned by HotSwapIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DamagedBundlesTest {
  @TempDir static Path dir;
  private BundleStore store;
  private BundleRef inUse;
  private BundleRef foreign;
  private long next = 2;

  /** Turns a freshly published good bundle into the announcement to refuse. */
  @FunctionalInterface
  interface Damage {
    BundleRef apply(DamagedBundlesTest t, BundleRef fresh) throws IOException;
  }

  record Case(String name, Damage damage, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void stores() throws IOException {
    store = BundleStore.at(dir.resolve("store"));
    inUse = DrillCorpus.publishBundle(dir.resolve("store"), 1);
    foreign = DrillCorpus.publishBundle(dir.resolve("other"), 9);
  }

  static List<Case> cases() {
    return List.of(
        new Case("truncated table", (t, r) -> t.truncate(r, "table.arrow"), "table.arrow"),
        new Case("truncated vocabulary", (t, r) -> t.truncate(r, "vocab.arrow"), "vocab.arrow"),
        new Case("bit-flipped vocabulary", (t, r) -> t.flip(r, "vocab.arrow"), "vocab.arrow"),
        new Case("bit-flipped model parameters", (t, r) -> t.flip(r, "main.params"), "main.params"),
        new Case("bit-flipped config", (t, r) -> t.flip(r, "config.json"), "config.json"),
        new Case("truncated manifest", (t, r) -> t.truncate(r, "manifest.json"), "manifest"),
        new Case("table of another bundle", (t, r) -> t.swapIn(r, "table.arrow"), "table.arrow"),
        new Case("vocabulary of another bundle", (t, r) -> t.swapIn(r, "vocab.arrow"), "vocab.arrow"),
        new Case("missing table", (t, r) -> t.delete(r, "table.arrow"), "table.arrow"),
        new Case("announced checksum wrong", (t, r) -> t.with(r, r.uri(), "0".repeat(64), r.rows()), "sha"),
        new Case("announced rows wrong", (t, r) -> t.with(r, r.uri(), r.sha256(), r.rows() + 1), "rows"),
        new Case("wrong version for its directory", (t, r) -> new BundleRef(r.version() + 100, r.vocabVersion(),
            r.modelVersion(), r.uri(), r.sha256(), r.rows(), r.dim(), r.dtype(), r.schemaVersion()), "is not version"),
        new Case("uri outside the store", (t, r) -> t.with(r, t.foreign.uri(), t.foreign.sha256(), t.foreign.rows()), "is not version"),
        new Case("uri with path traversal", (t, r) -> t.with(r, r.uri() + "/../../../other/bundles/v000001", r.sha256(), r.rows()),
            "is not version"),
        new Case("uri not a file", (t, r) -> t.with(r, "http://127.0.0.1:1/bundles/v1", r.sha256(), r.rows()), "not a file: URI"),
        new Case("symbolic link out of the store", (t, r) -> t.linkOut(r), "outside the store"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusedWithItsReasonWhileTheBundleInUseStillOpens(Case c) throws IOException {
    BundleRef fresh = DrillCorpus.publishBundle(dir.resolve("store"), next++);
    BundleRef announced = c.damage().apply(this, fresh);
    IOException e = assertThrows(IOException.class, () -> store.open(announced).close(), c.name());
    assertTrue(e.getMessage().contains(c.reason()), c.name() + ": the reason names '" + c.reason() + "': " + e.getMessage());
    try (ModelBundle still = store.open(inUse)) {
      assertEquals(inUse.version(), still.ref().version(), "the bundle in use is untouched");
    }
  }

  private Path file(BundleRef r, String name) {
    return store.directory(r.version()).resolve(name);
  }

  private BundleRef truncate(BundleRef r, String name) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file(r, name).toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    return r;
  }

  /** Flips one bit in the middle of the file. */
  private BundleRef flip(BundleRef r, String name) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file(r, name).toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x10);
    }
    return r;
  }

  private BundleRef swapIn(BundleRef r, String name) throws IOException {
    Files.copy(store.directory(inUse.version()).resolve(name), file(r, name), StandardCopyOption.REPLACE_EXISTING);
    return r;
  }

  private BundleRef delete(BundleRef r, String name) throws IOException {
    Files.delete(file(r, name));
    return r;
  }

  /** Replaces the bundle's directory by a symbolic link to a copy outside the store. */
  private BundleRef linkOut(BundleRef r) throws IOException {
    Path outside = dir.resolve("elsewhere-" + r.version());
    Files.move(store.directory(r.version()), outside);
    Files.createSymbolicLink(store.directory(r.version()), outside);
    return r;
  }

  private BundleRef with(BundleRef r, String uri, String sha256, int rows) {
    return new BundleRef(r.version(), r.vocabVersion(), r.modelVersion(), uri, sha256, rows, r.dim(), r.dtype(),
        r.schemaVersion());
  }
}
