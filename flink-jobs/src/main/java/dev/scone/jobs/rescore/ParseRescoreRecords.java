package dev.scone.jobs.rescore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Step "parse": a raw record to a document or a bad record, never an exception. A record must be
 * strict UTF-8 ({@code invalid_utf8} otherwise, never U+FFFD) holding one JSON object ({@code
 * not_json}: plain-text lines are refused, not scored under a made-up id, so a wrong input file
 * shows up as errors instead of as scores) with a string {@code text} ({@code missing_text}).
 * The id is the object's {@code id} (string or number), else the Kafka key, else the origin.
 * Blank lines and empty records are no documents and are dropped without a line.
 */
public final class ParseRescoreRecords extends RichFlatMapFunction<RawRecord, RescoreDocument> {
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String NOT_JSON = "not_json";
  public static final String MISSING_TEXT = "missing_text";

  private static final ObjectMapper JSON = new ObjectMapper();
  private transient CharsetDecoder utf8;

  @Override
  public void open(OpenContext context) {
    utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  @Override
  public void flatMap(RawRecord record, Collector<RescoreDocument> out) {
    RescoreDocument parsed = parse(record);
    if (parsed != null) out.collect(parsed);
  }

  /** The document or bad record of {@code record}; null for a blank one. */
  RescoreDocument parse(RawRecord record) {
    String fallbackId = record.key != null && !record.key.isEmpty() ? record.key : record.origin;
    if (record.value == null || record.value.length == 0) return null;
    String line;
    try {
      line = utf8.reset().decode(ByteBuffer.wrap(record.value)).toString();
    } catch (CharacterCodingException e) {
      return RescoreDocument.bad(fallbackId, INVALID_UTF8, "invalid UTF-8 in " + record.origin + " ("
          + record.value.length + " bytes): " + e.getMessage());
    }
    if (line.isBlank()) return null;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      return RescoreDocument.bad(fallbackId, NOT_JSON, record.origin + ": expected one JSON object {\"id\",\"text\"}, found "
          + abbreviate(line));
    }
    JsonNode id = node.get("id");
    String docId = id != null && (id.isTextual() || id.isNumber()) ? id.asText() : fallbackId;
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      return RescoreDocument.bad(docId, MISSING_TEXT, record.origin + ": expected a string \"text\" field, found "
          + (text == null ? "none" : text.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return RescoreDocument.good(docId, text.asText());
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 60 ? "'" + one + "'" : "'" + one.substring(0, 60) + "...'";
  }
}
