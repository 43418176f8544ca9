package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scone.fgram.tokenize.Tokenizers;
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
    for (int n = 0; n < 3 * HostileInputs.kinds() + HostileInputs.LARGE_EVERY; n++) {
      HostileInputs.BadRequest bad = HostileInputs.of(n);
      if (bad.expectedCode().equals("bad_header") && HostileInputs.kind(n).equals("missing-reply-topic")) continue;
      byte[] replyTo = bad.headers().isEmpty() ? null : bad.headers().get(1).getBytes(StandardCharsets.UTF_8);
      RawRequest raw = new RawRequest(bad.key().getBytes(StandardCharsets.UTF_8), bad.value(), replyTo, null, 0);
      InvalidRequest e = assertThrows(InvalidRequest.class, () -> parser.parse(raw), "case " + n + " " + HostileInputs.kind(n));
      assertEquals(bad.expectedCode(), e.code().wireName(), "case " + n + " " + HostileInputs.kind(n) + ": " + e.getMessage());
    }
  }

  @Test
  void validRequestsParse() throws InvalidRequest {
    for (int n = 0; n < 6; n++) {
      byte[] value = HostileInputs.valid("ok-" + n, n).getBytes(StandardCharsets.UTF_8);
      assertEquals("ok-" + n, parser.parse(new RawRequest(null, value, null, null, 0)).id());
    }
  }
}
