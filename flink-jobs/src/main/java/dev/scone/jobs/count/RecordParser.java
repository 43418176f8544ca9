package dev.scone.jobs.count;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one record's bytes into documents: strict UTF-8 (malformed or unmappable bytes make the
 * record bad, never U+FFFD), then either plain text or, when {@code jsonRecords} is on and the
 * first non-whitespace char is '{', a {@code {"id": ..., "text": "..."}} envelope. A record whose
 * text is empty or only whitespace is bad. Good records are split by {@link DocumentSplitter}.
 *
 * <p>Not thread-safe (one decoder per instance): one parser per subtask.
 */
public final class RecordParser {

  /** The documents of one record, or why the record is bad (then {@code documents} is empty). */
  public record Parsed(List<CorpusDocument> documents, String badReason) {
    static Parsed bad(String reason) {
      return new Parsed(List.of(), reason);
    }

    public boolean isBad() {
      return badReason != null;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean jsonRecords;
  private final DocumentSplitter splitter;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  public RecordParser(boolean jsonRecords, int maxDocumentChars) {
    this.jsonRecords = jsonRecords;
    this.splitter = new DocumentSplitter(maxDocumentChars);
  }

  /** Parses {@code bytes} ({@code null} counts as an empty record). */
  public Parsed parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) return Parsed.bad("empty record");
    String text;
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      return Parsed.bad("invalid UTF-8 (" + e.getMessage() + ") in a record of " + bytes.length + " bytes");
    }
    String id = null;
    if (jsonRecords && text.stripLeading().startsWith("{")) {
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (Exception e) {
        return Parsed.bad("record starts with '{' but is not JSON: " + e.getMessage());
      }
      JsonNode textNode = node.get("text");
      if (textNode == null || !textNode.isTextual()) {
        return Parsed.bad("JSON record has no string field \"text\"; expected {\"id\": ..., \"text\": \"...\"}");
      }
      text = textNode.asText();
      JsonNode idNode = node.get("id");
      id = idNode == null || idNode.isNull() ? null : idNode.asText();
    }
    if (text.isBlank()) return Parsed.bad("empty text");
    List<String> pieces = splitter.split(text);
    List<CorpusDocument> docs = new ArrayList<>(pieces.size());
    for (String piece : pieces) docs.add(new CorpusDocument(id, piece));
    return new Parsed(docs, null);
  }
}
