package dev.scone.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** The broker's jars stay in the broker JVM; this JVM keeps the Flink connector's kafka-clients. */
class BrokerClasspathIT {

  @Test
  void brokerClasspathHasKafka431AndItsOwnClients() {
    List<String> jars = Arrays.stream(BrokerClasspath.resolve().split(File.pathSeparator))
        .map(path -> new File(path).getName()).toList();

    assertTrue(jars.contains("kafka_2.13-4.3.1.jar"), jars.toString());
    assertTrue(jars.contains("kafka-clients-4.3.1.jar"), jars.toString());
    assertFalse(jars.stream().anyMatch(j -> j.startsWith("kafka-clients-4.2")), jars.toString());
  }

  @Test
  void brokerClassesAreNotOnThisJvmsClasspath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("kafka.Kafka"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("kafka.tools.StorageTool"));
    assertEquals("4.2.0", AppInfoParser.getVersion());
  }
}
