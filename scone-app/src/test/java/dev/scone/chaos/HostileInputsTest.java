package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServingLimits;
import dev.scone.jobs.serve.protocol.InvalidRequest;
import dev.scone.jobs.serve.protocol.RawRequest;
import dev.scone.jobs.serve.protocol.RequestParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The generator's expected codes agree with the job's own parser for every kind (the reply_to
 * existence check, which needs a broker, is covered by {@link HostileTrafficIT}); and valid
 * requests of the generator parse.
 */
class HostileInputsTest {
  private final RequestParser parser = new RequestParser(ServingLimits.defaults(32), Tokenizers.byName("gpt2"));

  @Test
  void everyKindIsRefusedByTheParserWithItsExpectedCode() {
    ServeTopics topics = ServeTopics.defaults();
    for (int n = 0; n < 3 * HostileInputs.kinds() + HostileInputs.LARGE_EVERY; n++) {
      HostileInputs.BadRequest bad = HostileInputs.of(n);
      String kind = HostileInputs.kind(n);
      if (kind.equals("missing-reply-topic")) continue;
      byte[] replyTo = header(bad, "reply_to");
      RawRequest raw = new RawRequest(bad.key().getBytes(StandardCharsets.UTF_8), bad.value(), replyTo,
          header(bad, "correlation_id"), 0);
      if (kind.startsWith("reply-to-")) {
        // A well-formed topic the parser accepts; the job refuses it by the topics rule.
        assertTrue(topics.replyToRefusal(new String(replyTo, StandardCharsets.UTF_8)).isPresent(), "case " + n);
        assertEquals("bad_header", bad.expectedCode());
        continue;
      }
      InvalidRequest e = assertThrows(InvalidRequest.class, () -> parser.parse(raw), "case " + n + " " + kind);
      assertEquals(bad.expectedCode(), e.code().wireName(), "case " + n + " " + kind + ": " + e.getMessage());
    }
  }

  private static byte[] header(HostileInputs.BadRequest bad, String name) {
    for (int i = 0; i + 1 < bad.headers().size(); i += 2) {
      if (bad.headers().get(i).equals(name)) return bad.headers().get(i + 1).getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  @Test
  void validRequestsParse() throws InvalidRequest {
    for (int n = 0; n < 6; n++) {
      byte[] value = HostileInputs.valid("ok-" + n, n).getBytes(StandardCharsets.UTF_8);
      assertEquals("ok-" + n, parser.parse(new RawRequest(null, value, null, null, 0)).id());
    }
  }
}
