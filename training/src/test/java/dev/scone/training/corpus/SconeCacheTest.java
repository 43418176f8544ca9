package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SconeCacheTest {

  private static final Path HOME = Path.of("/home/someone");

  @Test
  void sconeCacheVariableOverridesHome() {
    assertEquals(Path.of("/data/cache"), SconeCache.root(Map.of("SCONE_CACHE", "/data/cache"), HOME));
  }

  @Test
  void unsetOrBlankVariableFallsBackToDotCacheInHome() {
    assertEquals(Path.of("/home/someone/.cache/scone"), SconeCache.root(Map.of(), HOME));
    assertEquals(Path.of("/home/someone/.cache/scone"),
        SconeCache.root(Map.of("SCONE_CACHE", "  "), HOME));
  }
}
