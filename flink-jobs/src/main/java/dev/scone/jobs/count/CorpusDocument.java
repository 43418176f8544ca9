package dev.scone.jobs.count;

/**
 * One document's text, after parsing and splitting: n-grams are counted within it and never
 * across two documents. A Flink POJO; {@code id} may be null (raw-text records carry none).
 */
public class CorpusDocument {
  public String id;
  public String text;

  public CorpusDocument() {}

  public CorpusDocument(String id, String text) {
    this.id = id;
    this.text = text;
  }

  @Override
  public String toString() {
    return "CorpusDocument[id=" + id + ", " + (text == null ? 0 : text.length()) + " chars]";
  }
}
