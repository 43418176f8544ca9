package dev.scone.jobs.count;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys every record by 0: the one-key stream a global, parallelism-1 keyed step runs on. */
public final class ConstantKey<T> implements KeySelector<T, Integer> {
  @Override
  public Integer getKey(T value) {
    return 0;
  }
}
