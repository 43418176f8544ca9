package dev.scone.jobs.rescore;

/**
 * A parsed input record: a document to score ({@code text} set) or a bad record ({@code
 * errorCode} set, {@code text} null). A Flink POJO; {@code id} is never null.
 */
public class RescoreDocument {
  public String id;
  public String text;
  public String errorCode;
  public String errorMessage;

  public RescoreDocument() {}

  static RescoreDocument good(String id, String text) {
    RescoreDocument d = new RescoreDocument();
    d.id = id;
    d.text = text;
    return d;
  }

  static RescoreDocument bad(String id, String code, String message) {
    RescoreDocument d = new RescoreDocument();
    d.id = id;
    d.errorCode = code;
    d.errorMessage = message;
    return d;
  }

  public boolean isBad() {
    return errorCode != null;
  }

  @Override
  public String toString() {
    return isBad() ? "RescoreDocument[" + id + ", " + errorCode + "]" : "RescoreDocument[" + id + ", " + text.length() + " chars]";
  }
}
