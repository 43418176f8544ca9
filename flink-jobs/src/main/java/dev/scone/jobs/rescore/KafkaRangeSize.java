package dev.scone.jobs.rescore;

import dev.scone.jobs.rescore.RescoreInput.KafkaRange;
import dev.scone.kafka.KafkaClientProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many offsets a {@link KafkaRange} spans now: an upper bound on its records (transaction
 * markers and aborted records take offsets too), good enough for an ETA.
 */
final class KafkaRangeSize {
  private KafkaRangeSize() {}

  static long records(KafkaRange range) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClientProps.readCommitted(range.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(range.topic())) partitions.add(new TopicPartition(range.topic(), p.partition()));
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = 0;
      for (TopicPartition tp : partitions) {
        long from = range.startOffsets().getOrDefault(tp.partition(), begin.get(tp));
        long to = range.endOffsets().getOrDefault(tp.partition(), end.get(tp));
        total += Math.max(0, to - from);
      }
      return total;
    }
  }
}
