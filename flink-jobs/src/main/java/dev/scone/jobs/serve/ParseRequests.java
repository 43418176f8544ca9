package dev.scone.jobs.serve;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.jobs.serve.protocol.ErrorCode;
import dev.scone.jobs.serve.protocol.InvalidRequest;
import dev.scone.jobs.serve.protocol.Outbound;
import dev.scone.jobs.serve.protocol.RawRequest;
import dev.scone.jobs.serve.protocol.RequestParser;
import dev.scone.jobs.serve.protocol.ResponseJson;
import dev.scone.jobs.serve.protocol.ServeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates requests: valid ones go on to the model; a refused one becomes a dead
 * letter (original key-or-id and bytes, {@code error.code} / {@code error.message}) and, when its
 * id was readable, an error response on its reply topic (the default responses topic when the
 * reply_to header itself was the problem), both on the {@link #REFUSED} side output. A dead letter
 * of a request over {@link ServingLimits#maxRequestBytes()} keeps only its first that many bytes, and
 * a key over {@link RequestParser#MAX_KEY_BYTES} only its first that many. A reply_to topic must be
 * allowed ({@link ServeTopics#replyToRefusal}) and exist ({@link ReplyTopics}).
 *
 * <p>Metrics: {@code requestsRefused} (counter, = dead letters written).
 */
final class ParseRequests extends ProcessFunction<RawRequest, ServeRequest> {
  private static final long serialVersionUID = 1L;
  static final OutputTag<Outbound> REFUSED = new OutputTag<>("refused") {};

  private final ServeTopics topics;
  private final ServingLimits limits;
  private final String tokenizer;
  private final String bootstrapServers;
  private transient RequestParser parser;
  private transient ReplyTopics replyTopics;
  private transient Counter refused;

  ParseRequests(ServeTopics topics, ServingLimits limits, String tokenizer, String bootstrapServers) {
    this.topics = topics;
    this.limits = limits;
    this.tokenizer = tokenizer;
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public void open(OpenContext context) {
    parser = new RequestParser(limits, Tokenizers.byName(tokenizer));
    replyTopics = new ReplyTopics(bootstrapServers, 1000);
    refused = getRuntimeContext().getMetricGroup().counter("requestsRefused");
  }

  @Override
  public void close() {
    if (replyTopics != null) replyTopics.close();
  }

  /**
   * The original bytes, cut to {@code maxRequestBytes} when over it (the error message names the
   * full size): a request just under the broker's 1 MiB limit plus the error headers would be
   * too large for the sink, fail the job and fail it again after every restart.
   */
  private byte[] deadLetterValue(byte[] value) {
    return value != null && value.length > limits.maxRequestBytes() ? Arrays.copyOf(value, limits.maxRequestBytes()) : value;
  }

  @Override
  public void processElement(RawRequest raw, Context ctx, Collector<ServeRequest> out) {
    try {
      ServeRequest request = parser.parse(raw);
      if (request.replyTo() != null) {
        Optional<String> refusal = topics.replyToRefusal(request.replyTo());
        if (refusal.isPresent()) throw new InvalidRequest(ErrorCode.BAD_HEADER, refusal.get(), request.id());
      }
      if (request.replyTo() != null && !replyTopics.exists(request.replyTo())) {
        throw new InvalidRequest(ErrorCode.BAD_HEADER, "the reply_to topic '" + request.replyTo()
            + "' does not exist; create it first", request.id());
      }
      out.collect(request);
    } catch (InvalidRequest e) {
      refused.inc();
      // Nothing of the record is copied unbounded: an oversized key is cut, an oversized
      // correlation_id is dropped (it is what the request was refused for), the value is cut.
      byte[] idKey = e.id() == null ? RequestParser.boundedKey(raw.key()) : e.id().getBytes(StandardCharsets.UTF_8);
      byte[] correlationId = RequestParser.boundedCorrelationId(raw.correlationId());
      ctx.output(REFUSED, Outbound.deadLetter(topics.deadLetters(), idKey, deadLetterValue(raw.value()), correlationId,
          e.code(), e.getMessage()));
      if (e.id() != null) {
        String replyTopic = e.code() == ErrorCode.BAD_HEADER ? topics.responses() : topics.replyTopic(raw.replyTo());
        ctx.output(REFUSED, Outbound.answer(replyTopic, idKey, ResponseJson.error(e.id(), e.code(), e.getMessage()),
            correlationId));
      }
    }
  }
}
