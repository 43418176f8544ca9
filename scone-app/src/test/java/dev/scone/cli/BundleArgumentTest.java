package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.ModelBundle;
import dev.scone.testing.TinyBundles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bundle} values: a version, {@code latest}, a directory; what each refuses. */
class BundleArgumentTest {
  private static final List<String> TEXTS = List.of("the cat sat on the mat. the dog sat on the log.");

  @TempDir Path store;

  @Test
  void latestOpensTheNewestPublishedVersion() throws IOException {
    TinyBundles.publish(store, TEXTS, 4, 1);
    TinyBundles.Published second = TinyBundles.publish(store, TEXTS, 4, 2);
    try (ModelBundle latest = BundleArgument.open("latest", store);
        ModelBundle first = BundleArgument.open("v1", store);
        ModelBundle byDir = BundleArgument.open(second.directory().toString(), store)) {
      assertEquals(second.version(), latest.manifest().version());
      assertEquals(1, first.manifest().version());
      assertEquals(latest.manifestSha256(), byDir.manifestSha256());
    }
  }

  @Test
  void anEmptyStoreOrAnUnknownVersionIsRefusedWithTheStoreNamed() {
    IOException none = assertThrows(IOException.class, () -> BundleArgument.open("latest", store));
    assertTrue(none.getMessage().contains(store.toString()) && none.getMessage().contains("no published bundle"),
        none.getMessage());
    IOException unknown = assertThrows(IOException.class, () -> BundleArgument.open("7", store));
    assertTrue(unknown.getMessage().contains("no version 7"), unknown.getMessage());
  }
}
