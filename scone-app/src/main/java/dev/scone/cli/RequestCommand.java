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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone request}: sends one score or generate request to {@code scone.requests} and
 * prints the answer (pretty JSON) from {@code scone.responses} or the given reply topic.
 * Exit codes: 0 an answer came (also an error answer: it is printed), 1 Kafka unreachable, 2 bad
 * arguments, {@value #TIMED_OUT} no answer in time.
 */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Send one request to the inference job and print its answer.",
      "  scone request --op score --text \"...\"",
      "  scone request --op generate --prompt \"...\" --max-tokens 32 --seed 7",
      "Exit code " + RequestCommand.TIMED_OUT + " when no answer came within --timeout-s."
    })
public final class RequestCommand implements Callable<Integer> {
  /** Exit code when no answer came in time: a question's answer, above the conventions' 0, 1 and 2. */
  public static final int TIMED_OUT = 3;

  /** The options each field of {@link Request} comes from, for its validation messages. */
  private static final Map<String, String> OPTIONS = Map.of("op score needs a text", "--op score needs --text",
      "op generate needs a prompt", "--op generate needs --prompt", "op must be", "--op must be",
      "a request id", "--id");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin BootstrapOption bootstrap;

  @Option(names = "--op", required = true, description = "score or generate.")
  String op;

  @Option(names = "--id", description = "Request id. Default: a random UUID.")
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

  @Option(names = "--timeout-s", defaultValue = "30", description = "Seconds to wait for the answer once sent.")
  double timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Request request = OptionNames.build(spec, OPTIONS, this::request);
    try (RequestClient client = RequestClient.open(bootstrap.reachable(), requestsTopic, responsesTopic, replyTo)) {
      Reply reply = client.request(request, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(reply.json())));
      out.flush();
      return 0;
    } catch (RequestTimeoutException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return TIMED_OUT;
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
