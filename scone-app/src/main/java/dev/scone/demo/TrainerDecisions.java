package dev.scone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.trainer.TrainerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the trainer decided, read from its files in the store: {@code trainer/state.json} (the
 * last vocabulary version handled) and {@code trainer/decisions.jsonl} (each gate decision with
 * both perplexities). Read-only; not thread-safe.
 */
final class TrainerDecisions {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One gate decision: refresh or retrain, for a vocabulary version, the published bundle version
   * or -1; or a retrain that failed to train ({@code failure} non-null, no perplexities).
   */
  record Decision(long vocabVersion, String path, boolean accepted, double currentPerplexity,
      double candidatePerplexity, long heldOutTokens, long publishedVersion, String failure) {

    boolean failedToTrain() {
      return failure != null;
    }
  }

  private final Path store;
  private int seen;

  TrainerDecisions(Path store) {
    this.store = store;
  }

  /**
   * Waits up to {@code timeout} until the trainer has handled vocabulary {@code version}; whether
   * it did. Gives up early once {@code failed} says the trainer failed a version: a failed version
   * is moved past without being recorded as handled.
   */
  boolean awaitHandled(long version, Duration timeout, BooleanSupplier failed) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (TrainerState.load(store).lastVocabVersion() < version) {
      if (System.nanoTime() > deadline || failed.getAsBoolean()) return false;
      Thread.sleep(250);
    }
    return true;
  }

  /** The decisions logged since the last call. */
  List<Decision> next() throws IOException {
    Path file = store.resolve("trainer").resolve("decisions.jsonl");
    if (!Files.exists(file)) return List.of();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Decision> out = new ArrayList<>();
    for (String line : lines.subList(Math.min(seen, lines.size()), lines.size())) {
      if (line.isBlank()) continue;
      JsonNode n = JSON.readTree(line);
      out.add(new Decision(n.path("vocab_version").asLong(), n.path("path").asText(), n.path("accepted").asBoolean(),
          n.path("current_perplexity").asDouble(), n.path("candidate_perplexity").asDouble(),
          n.path("held_out_tokens").asLong(), n.path("published_version").isNull() ? -1 : n.path("published_version").asLong(),
          n.path("failed_to_train").asBoolean() ? n.path("reason").asText() : null));
    }
    seen = lines.size();
    return out;
  }
}
