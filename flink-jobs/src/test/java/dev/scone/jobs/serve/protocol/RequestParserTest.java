package dev.scone.jobs.serve.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.jobs.serve.ServingLimits;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {
  private static final Tokenizer GPT2 = Tokenizers.byName("gpt2");
  private static final ServingLimits LIMITS = new ServingLimits(2048, 16, 40, 20, 100, 1000, 10.0, 2, 8);
  private final RequestParser parser = new RequestParser(LIMITS, GPT2);

  private static RawRequest raw(String json) {
    return raw(json.getBytes(StandardCharsets.UTF_8), null);
  }

  private static RawRequest raw(byte[] value, String replyTo) {
    return new RawRequest(null, value, replyTo == null ? null : replyTo.getBytes(StandardCharsets.UTF_8),
        "c1".getBytes(StandardCharsets.UTF_8), 42);
  }

  private InvalidRequest refused(RawRequest r) {
    return assertThrows(InvalidRequest.class, () -> parser.parse(r));
  }

  @Test
  void scoreRequestCarriesItsTokensAndHeaders() throws InvalidRequest {
    ServeRequest r = parser.parse(raw("{\"id\":\"r1\",\"op\":\"score\",\"text\":\"hello world\",\"logprobs\":true}"));
    assertEquals("r1", r.id());
    assertEquals(Op.SCORE, r.op());
    assertArrayEquals(GPT2.encode("hello world"), r.tokens());
    assertTrue(r.logprobs());
    assertArrayEquals("c1".getBytes(StandardCharsets.UTF_8), r.correlationId());
    assertEquals(42, r.receivedAtMs());
    assertNull(r.replyTo());
  }

  @Test
  void generateRequestDefaultsFollowTheSchema() throws InvalidRequest {
    ServeRequest r = parser.parse(raw("{\"id\":\"g\",\"op\":\"generate\",\"prompt\":\"once upon\"}"));
    assertEquals(RequestParser.DEFAULT_MAX_TOKENS, r.maxTokens());
    assertEquals(1.0, r.temperature());
    assertEquals(0, r.topK());
    assertEquals(1.0, r.topP());
    assertEquals(0, r.seed());
    assertEquals(0, r.stop().length);
    assertEquals(false, r.logprobs());
  }

  @Test
  void generateRequestReadsEveryKnob() throws InvalidRequest {
    ServeRequest r = parser.parse(raw((
        "{\"id\":\"g\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":7,\"temperature\":0.5,\"top_k\":3,"
            + "\"top_p\":0.9,\"seed\":-9007199254740993,\"stop\":[\"\\n\",\"a b\"],\"schema_version\":1,\"extra\":[1]}")
        .getBytes(StandardCharsets.UTF_8), "my.replies"));
    assertEquals(7, r.maxTokens());
    assertEquals(0.5, r.temperature());
    assertEquals(3, r.topK());
    assertEquals(0.9, r.topP());
    assertEquals(-9007199254740993L, r.seed());
    assertArrayEquals(new String[] {"\n", "a b"}, r.stop());
    assertEquals("my.replies", r.replyTo());
  }

  private ServeRequest parse(RawRequest r) throws InvalidRequest {
    return parser.parse(r);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "not json at all | not_json | ",
      "{\"id\":\"a\",\"op\":\"score\",\"text\":\"x\"} trailing | not_json | ",
      "{\"id\":\"a\",\"id\":\"b\",\"op\":\"score\",\"text\":\"x\"} | not_json | ",
      "`   ` | not_json | ",
      "[1,2] | wrong_type | ",
      "\"just a string\" | wrong_type | ",
      "{\"op\":\"score\",\"text\":\"x\"} | missing_field | ",
      "{\"id\":null,\"op\":\"score\",\"text\":\"x\"} | missing_field | ",
      "{\"id\":7,\"op\":\"score\",\"text\":\"x\"} | wrong_type | ",
      "{\"id\":\"\",\"op\":\"score\",\"text\":\"x\"} | out_of_range | ",
      "{\"id\":\"abcdefghijklmnopq\",\"op\":\"score\",\"text\":\"x\"} | too_large | ",
      "{\"id\":\"a\",\"text\":\"x\"} | missing_field | a",
      "{\"id\":\"a\",\"op\":5,\"text\":\"x\"} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"embed\",\"text\":\"x\"} | unknown_op | a",
      "{\"id\":\"a\",\"op\":\"SCORE\",\"text\":\"x\"} | unknown_op | a",
      "{\"id\":\"a\",\"op\":\"score\"} | missing_field | a",
      "{\"id\":\"a\",\"op\":\"score\",\"prompt\":\"x\"} | missing_field | a",
      "{\"id\":\"a\",\"op\":\"score\",\"text\":[\"x\"]} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"score\",\"text\":\"\"} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"score\",\"text\":\"x\",\"logprobs\":\"yes\"} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"score\",\"text\":\"x\",\"schema_version\":2} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"text\":\"x\"} | missing_field | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":\"8\"} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":1.5} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":-1} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":101} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":99999999999999999999} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"temperature\":-0.1} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"temperature\":10.5} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"temperature\":true} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"top_k\":-2} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"top_p\":0} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"top_p\":1.01} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"seed\":1e3} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"seed\":18446744073709551616} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"stop\":\"\\n\"} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"stop\":[1]} | wrong_type | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"stop\":[\"\"]} | out_of_range | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"stop\":[\"a\",\"b\",\"c\"]} | too_large | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"x\",\"stop\":[\"123456789\"]} | too_large | a",
      "{\"id\":\"a\",\"op\":\"generate\",\"prompt\":\"\"} | out_of_range | a",
  })
  void refusesEachKindWithItsCodeAndTheIdWhenReadable(String json, String code, String id) {
    InvalidRequest e = refused(raw(json));
    assertEquals(code, e.code().wireName(), e.getMessage());
    assertEquals(id, e.id());
  }

  @Test
  void invalidUtf8IsRefusedStrictlyEvenInsideAJsonString() {
    byte[] lone = "{\"id\":\"a\",\"op\":\"score\",\"text\":\"x?\"}".getBytes(StandardCharsets.UTF_8);
    lone[lone.length - 4] = (byte) 0xC3; // a lead byte followed by '"': truncated sequence
    InvalidRequest e = refused(raw(lone, null));
    assertEquals(ErrorCode.NOT_UTF8, e.code());
    assertTrue(e.getMessage().contains("offset " + (lone.length - 4)), e.getMessage());
    // overlong '/' (0xC0 0xAF) and an encoded surrogate (0xED 0xA0 0x80): Java's lenient decoding accepts neither silently here
    for (byte[] bad : new byte[][] {{'"', (byte) 0xC0, (byte) 0xAF, '"'}, {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}}) {
      assertEquals(ErrorCode.NOT_UTF8, refused(raw(bad, null)).code());
    }
  }

  @Test
  void validUtf8OfEveryWidthIsAccepted() throws InvalidRequest {
    String text = "caf\u00e9 \u20ac \ud83d\ude00";
    ServeRequest r = parse(raw("{\"id\":\"\u00e9\",\"op\":\"score\",\"text\":\"" + text + "\"}"));
    assertArrayEquals(GPT2.encode(text), r.tokens());
    assertEquals("\u00e9", r.id());
  }

  @Test
  void sizeLimitsCountBytesAndTokens() {
    assertEquals(ErrorCode.TOO_LARGE, refused(raw(new byte[LIMITS.maxRequestBytes() + 1], null)).code());
    String longText = "word ".repeat(41).strip(); // 41 tokens > 40
    InvalidRequest e = refused(raw("{\"id\":\"t\",\"op\":\"score\",\"text\":\"" + longText + "\"}"));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertEquals("t", e.id());
    String longPrompt = "word ".repeat(21).strip(); // 21 tokens > 20
    assertEquals(ErrorCode.TOO_LARGE,
        refused(raw("{\"id\":\"p\",\"op\":\"generate\",\"prompt\":\"" + longPrompt + "\"}")).code());
  }

  @Test
  void exactlyAtTheLimitsIsAccepted() throws InvalidRequest {
    String text = "word ".repeat(40).strip();
    assertEquals(40, GPT2.encode(text).length);
    assertEquals(40, parse(raw("{\"id\":\"abcdefghijklmnop\",\"op\":\"score\",\"text\":\"" + text + "\"}")).tokens().length);
    ServeRequest g = parse(raw("{\"id\":\"g\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":100,\"temperature\":10,"
        + "\"top_k\":1000,\"top_p\":1,\"stop\":[\"12345678\",\"b\"]}"));
    assertEquals(100, g.maxTokens());
  }

  @Test
  void badReplyToHeaderIsRefusedWithTheId() {
    for (String bad : new String[] {"has space", "", "..", "x".repeat(250), "t/opic"}) {
      InvalidRequest e = refused(raw("{\"id\":\"h\",\"op\":\"score\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), bad));
      assertEquals(ErrorCode.BAD_HEADER, e.code(), bad);
      assertEquals("h", e.id());
    }
    assertNull(RequestParser.topicName(new byte[] {(byte) 0xFF}));
    assertEquals("ok.topic-1_x", RequestParser.topicName("ok.topic-1_x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButARefusalOrARequest() {
    Random random = new Random(5);
    String valid = "{\"id\":\"r\",\"op\":\"generate\",\"prompt\":\"hi\",\"max_tokens\":3}";
    for (int i = 0; i < 2000; i++) {
      byte[] b = valid.getBytes(StandardCharsets.UTF_8);
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      try {
        ServeRequest r = parser.parse(raw(b, null));
        assertTrue(r.tokens().length >= 1 && r.maxTokens() <= LIMITS.maxNewTokens() && !r.id().isEmpty());
      } catch (InvalidRequest e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      }
    }
  }
}
