package dev.scone.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few questions a local cluster asks its JobManager's REST API (plain HTTP GETs): how many
 * TaskManagers and slots it has, and which jobs it runs.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String address;

  /** @param address {@code host:port} of the REST API */
  public FlinkRest(String address) {
    this.address = address;
  }

  /** What {@code /overview} says. */
  public record Overview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning) {}

  /** One job of {@code /jobs/overview}. */
  public record Job(String id, String name, String state) {}

  /** The overview, or empty when the REST API does not answer (yet). */
  public Optional<Overview> overview() {
    return get("/overview").map(o -> new Overview(o.path("taskmanagers").asInt(), o.path("slots-total").asInt(),
        o.path("slots-available").asInt(), o.path("jobs-running").asInt()));
  }

  /** Every job the JobManager knows, running or ended; empty when it does not answer. */
  public List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    get("/jobs/overview").ifPresent(o -> o.path("jobs").forEach(j ->
        jobs.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()))));
    return jobs;
  }

  /** The resource ids of the registered TaskManagers. */
  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    get("/taskmanagers").ifPresent(o -> o.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
    return ids;
  }

  /** The resource ids of the registered TaskManagers that have at least one slot taken. */
  public List<String> busyTaskManagers() {
    List<String> busy = new ArrayList<>();
    get("/taskmanagers").ifPresent(o -> o.path("taskmanagers").forEach(tm -> {
      if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) busy.add(tm.path("id").asText());
    }));
    return busy;
  }

  /** The state of job {@code id} ({@code RUNNING}, {@code RESTARTING}, ...), empty when unknown or unreachable. */
  public Optional<String> jobState(String id) {
    return get("/jobs/" + id).map(j -> j.path("state").asText());
  }

  /** How many subtasks of job {@code id} are RUNNING, summed over its vertices (0 when unknown). */
  public int runningSubtasks(String id) {
    return get("/jobs/" + id).map(j -> {
      int n = 0;
      for (JsonNode v : j.path("vertices")) n += v.path("tasks").path("RUNNING").asInt();
      return n;
    }).orElse(0);
  }

  private Optional<JsonNode> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(5))
        .GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Flink's REST API at " + address, e);
    }
  }
}
