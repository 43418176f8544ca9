package dev.scone.counting;

/**
 * How the keyed stage counts n-grams. Only {@link #EXACT} exists so far; bounded-memory and
 * recency-weighted modes are meant to be added here, each with its own keyed operator, while the
 * stages before and after the shuffle stay the same.
 */
public enum CountingMode {
  /** One exact {@code long} per distinct n-gram in keyed state: memory grows with distinct n-grams. */
  EXACT
}
