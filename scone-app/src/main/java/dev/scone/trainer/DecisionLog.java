package dev.scone.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.training.refresh.GatedPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Every gate decision the trainer made, accepted or not, one JSON object a line in {@code
 * <store>/trainer/decisions.jsonl} ({@code at}, {@code vocab_version}, {@code published_version}
 * or null, and the {@link dev.scone.training.refresh.GateDecision}'s fields): rejected candidates
 * leave no bundle behind, so this is where their numbers are kept. A retrain that failed to train
 * is a line with {@code failed_to_train: true} and its {@code reason} instead of the gate's fields.
 * Appends; not thread-safe.
 */
final class DecisionLog {
  static final String FILE = "decisions.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Path file;

  DecisionLog(Path storeRoot) {
    this.file = storeRoot.resolve(TrainerState.DIR).resolve(FILE);
  }

  void append(long vocabVersion, GatedPublisher.Outcome outcome) throws IOException {
    ObjectNode line = JSON.createObjectNode().put("at", Instant.now().toString()).put("vocab_version", vocabVersion);
    if (outcome.published().isPresent()) {
      line.put("published_version", outcome.published().get().version());
    } else {
      line.putNull("published_version");
    }
    if (outcome.failedToTrain()) {
      // Not a gate decision: the candidate never reached the gate, so there are no perplexities.
      line.put("path", "retrain").put("accepted", false).put("failed_to_train", true)
          .put("reason", outcome.trainingFailure().get());
    } else {
      line.setAll((ObjectNode) JSON.valueToTree(outcome.decision()));
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
