package dev.scone.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void generateRequestJsonCarriesEveryGivenFieldInSnakeCase() throws Exception {
    Request r = Request.generate("Once upon").withId("r1").withSampling(32, 0.7, 40, 0.9, 7L)
        .withStop(List.of("\n\n")).withLogprobs(true);
    JsonNode json = JSON.readTree(r.toJson());
    assertEquals(JSON.readTree("{\"id\":\"r1\",\"op\":\"generate\",\"prompt\":\"Once upon\",\"max_tokens\":32,"
        + "\"temperature\":0.7,\"top_k\":40,\"top_p\":0.9,\"seed\":7,\"stop\":[\"\\n\\n\"],\"logprobs\":true,"
        + "\"schema_version\":1}"), json);
  }

  @Test
  void unsetFieldsAreLeftOutAndTheIdIsAFreshUuid() throws Exception {
    Request a = Request.score("some text");
    JsonNode json = JSON.readTree(a.toJson());
    assertEquals(List.of("id", "op", "text", "schema_version"), iterable(json));
    assertEquals(a.id(), UUID.fromString(a.id()).toString());
    assertTrue(!a.id().equals(Request.score("some text").id()));
  }

  @Test
  void requestsMissingWhatTheirOpNeedsAreRefusedNamingIt() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Request("x", "score", null, "p", null, null, null, null, null, null, null)).getMessage().contains("text"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Request("x", "generate", "t", null, null, null, null, null, null, null, null)).getMessage().contains("prompt"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Request("x", "embed", "t", null, null, null, null, null, null, null, null)).getMessage().contains("'embed'"));
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
