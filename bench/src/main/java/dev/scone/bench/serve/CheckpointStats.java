package dev.scone.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/**
 * A local job's completed checkpoints, read from its MiniCluster's REST API on 127.0.0.1
 * ({@code /jobs/<id>/checkpoints}): how many completed and how long the longest took, end to end
 * (trigger to acknowledgement by every task).
 *
 * @param completed checkpoints completed so far
 * @param longestMs the longest of them, ms; 0 when none completed
 */
record CheckpointStats(long completed, long longestMs) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The statistics of {@code job}, whose REST server listens on {@code port}. */
  static CheckpointStats of(int port, JobID job) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/" + job + "/checkpoints"))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("checkpoint statistics of job " + job + ": HTTP " + response.statusCode() + " " + response.body());
    }
    JsonNode root = JSON.readTree(response.body());
    return new CheckpointStats(root.path("counts").path("completed").asLong(),
        root.path("summary").path("end_to_end_duration").path("max").asLong());
  }
}
