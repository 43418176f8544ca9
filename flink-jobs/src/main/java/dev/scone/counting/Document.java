package dev.scone.counting;

/**
 * One document's text, after parsing and splitting: n-grams are counted within it and never
 * across two documents. A Flink POJO; {@code id} may be null (raw-text records carry none).
 */
public class Document {
  public String id;
  public String text;

  public Document() {}

  public Document(String id, String text) {
    this.id = id;
    this.text = text;
  }

  @Override
  public String toString() {
    return "Document[id=" + id + ", " + (text == null ? 0 : text.length()) + " chars]";
  }
}
