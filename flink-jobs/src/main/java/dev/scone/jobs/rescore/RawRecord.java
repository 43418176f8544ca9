package dev.scone.jobs.rescore;

/**
 * One input record before parsing: a JSONL line's bytes or a Kafka record's value. A Flink POJO.
 *
 * <p>{@code origin} names where it came from ({@code FILE:LINE}, 1-based, or {@code
 * TOPIC/PARTITION@OFFSET}) and is the document's id when the record gives none; {@code key} is
 * the Kafka key (null for files and unkeyed records).
 */
public class RawRecord {
  public String origin;
  public String key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String origin, String key, byte[] value) {
    this.origin = origin;
    this.key = key;
    this.value = value;
  }

  @Override
  public String toString() {
    return "RawRecord[" + origin + ", " + (value == null ? 0 : value.length) + " bytes]";
  }
}
