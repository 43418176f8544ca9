package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config's field names become the user's option names in its messages, whole words only. */
class OptionNamesTest {

  @Test
  void fieldNamesAreReplacedAsWholeWordsOnly() {
    Map<String, String> options = Map.of("layers", "--layers", "fgramLayers", "--fgram-layers", "steps", "--steps",
        "warmupSteps", "--warmup");
    assertEquals("--fgram-layers must be >= 0, got -1 (--layers: 2)",
        OptionNames.translate("fgramLayers must be >= 0, got -1 (layers: 2)", options));
    assertEquals("--warmup must be in [0, --steps = 10], got 20",
        OptionNames.translate("warmupSteps must be in [0, steps = 10], got 20", options));
    assertEquals("--max-layers stays", OptionNames.translate("--max-layers stays", options), "inside an option name");
  }
}
