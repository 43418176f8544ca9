package dev.scone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.client.Reply;
import dev.scone.client.Request;
import dev.scone.client.RequestClient;
import dev.scone.client.RequestTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone request}: sends one score or generate request to {@code scone.requests} and
 * prints the answer (pretty JSON) from {@code scone.responses} or the given reply topic.
 * Exit codes: 0 an answer came (also an error answer: it is printed), 1 bad arguments or Kafka
 * unreachable, {@value #TIMED_OUT} no answer in time.
 */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Send one request to the inference job over Kafka and print its answer.",
      "  scone request --op score --text \"...\"",
      "  scone request --op generate --prompt \"...\" --max-tokens 32 --seed 7"
    })
public final class RequestCommand implements Callable<Integer> {
  /** Exit code when no answer came in time. */
  public static final int TIMED_OUT = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin BootstrapOption bootstrap;

  @Option(names = "--op", required = true, description = "score or generate.")
  String op;

  @Option(names = "--id", description = "Request id (default: a random UUID).")
  String id;

  @Option(names = "--text", description = "Text to score (--op score).")
  String text;

  @Option(names = "--prompt", description = "Prompt to continue (--op generate).")
  String prompt;

  @Option(names = "--max-tokens", description = "Tokens to generate at most.")
  Integer maxTokens;

  @Option(names = "--temperature", description = "Sampling temperature (0: greedy).")
  Double temperature;

  @Option(names = "--top-k", description = "Sample among the k most likely tokens (0: all).")
  Integer topK;

  @Option(names = "--top-p", description = "Nucleus sampling mass.")
  Double topP;

  @Option(names = "--seed", description = "Sampling seed.")
  Long seed;

  @Option(names = "--stop", description = "Stop string (repeatable).")
  List<String> stop;

  @Option(names = "--logprobs", description = "Ask for per-token log-probabilities.")
  boolean logprobs;

  @Option(names = "--reply-to", paramLabel = "TOPIC", description = "Ask for the answer on this topic (it must exist) instead of scone.responses.")
  String replyTo;

  @Option(names = "--requests-topic", defaultValue = RequestClient.REQUESTS_TOPIC, description = "Where requests go.")
  String requestsTopic;

  @Option(names = "--responses-topic", defaultValue = RequestClient.RESPONSES_TOPIC, description = "Where answers come without --reply-to.")
  String responsesTopic;

  @Option(names = "--timeout-s", defaultValue = "30", description = "Seconds to wait for the answer.")
  double timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Request request = request();
      try (RequestClient client = RequestClient.open(bootstrap.resolve(), requestsTopic, responsesTopic, replyTo)) {
        Reply reply = client.request(request, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(reply.json())));
        out.flush();
        return 0;
      }
    } catch (RequestTimeoutException e) {
      err.println("scone request: " + e.getMessage());
      return TIMED_OUT;
    } catch (IOException | RuntimeException e) {
      err.println("scone request: " + e.getMessage());
      return 1;
    }
  }

  private Request request() {
    Request base = Request.SCORE.equals(op) && text != null ? Request.score(text)
        : Request.GENERATE.equals(op) && prompt != null ? Request.generate(prompt)
        : new Request("unused", op, text, prompt, null, null, null, null, null, null, null); // throws, naming what is missing
    if (id != null) base = base.withId(id);
    return base.withSampling(maxTokens, temperature, topK, topP, seed).withStop(stop).withLogprobs(logprobs ? Boolean.TRUE : null);
  }
}
