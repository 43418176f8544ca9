package dev.scone.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real broker process, driven by kafka-clients 4.2 from this JVM. */
class LocalKafkaBrokerIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void recordsComeBackPerPartitionInTheOrderTheyWereSent() throws Exception {
    KAFKA.createTopic("plain", 3);
    List<String> sent = KafkaClients.produce(KAFKA.bootstrapServers(), "plain", randomRecords(new Random(11), "p", 600));

    List<String> consumed = KafkaClients.consumeAll(KAFKA.bootstrapServers(), "plain", "read_uncommitted");

    assertEquals(KafkaClients.groupedByPartition(sent), consumed);
    assertTrue(sent.stream().map(s -> s.charAt(0)).distinct().count() > 1, "keys should spread over partitions");
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
    KAFKA.createTopic("tx", 2);
    Random random = new Random(12);
    List<String[]> first = randomRecords(random, "commit-1-", 40);
    List<String[]> aborted = randomRecords(random, "abort-", 40);
    List<String[]> last = randomRecords(random, "commit-2-", 40);
    try (KafkaProducer<String, String> producer = KafkaClients.producer(KAFKA.bootstrapServers(),
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scone-test-tx"))) {
      producer.initTransactions();
      sendInTransaction(producer, first, true);
      sendInTransaction(producer, aborted, false);
      sendInTransaction(producer, last, true);
    }

    List<String> committed = KafkaClients.consumeAll(KAFKA.bootstrapServers(), "tx", "read_committed");
    List<String> everything = KafkaClients.consumeAll(KAFKA.bootstrapServers(), "tx", "read_uncommitted");

    List<String> expected = new ArrayList<>();
    first.forEach(kv -> expected.add(kv[1]));
    last.forEach(kv -> expected.add(kv[1]));
    assertEquals(sorted(expected), sorted(values(committed)));
    // The aborted records were written (a read_uncommitted consumer sees them), only hidden.
    assertEquals(120, everything.size());
    assertTrue(values(everything).containsAll(aborted.stream().map(kv -> kv[1]).toList()));
  }

  @Test
  void everyListeningSocketOfTheBrokerIsOn127001() throws Exception {
    int clientPort = Integer.parseInt(KAFKA.bootstrapServers().split(":")[1]);

    List<InetSocketAddress> listening = ListeningSockets.of(KAFKA.broker().pid());

    assertTrue(listening.stream().anyMatch(a -> a.getPort() == clientPort), "client port among " + listening);
    assertTrue(listening.size() >= 2, "client and controller listeners expected, found " + listening);
    for (InetSocketAddress address : listening) {
      assertEquals(InetAddress.getByName("127.0.0.1"), address.getAddress(), "listener " + address);
    }
  }

  @Test
  void stopFreesPortAndEndsProcessAndARestartOnTheSameDirKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
    BrokerConfig config = BrokerConfig.in(dir).withAutoCreateTopics(false);
    LocalKafkaBroker first = LocalKafkaBroker.start(config);
    int port;
    List<String> sent;
    try {
      port = Integer.parseInt(first.bootstrapServers().split(":")[1]);
      KafkaClients.createTopic(first.bootstrapServers(), "kept", 2);
      sent = KafkaClients.produce(first.bootstrapServers(), "kept", randomRecords(new Random(13), "k", 100));
    } finally {
      first.stop();
    }

    assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "process gone");
    try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, rebound.getLocalPort());
    }
    assertFalse(Files.exists(dir.resolve("broker.state")), "state file removed at stop");
    assertTrue(LocalKafkaBroker.attach(dir).isEmpty());

    try (LocalKafkaBroker second = LocalKafkaBroker.start(config.withPort(port))) {
      assertEquals(first.bootstrapServers(), second.bootstrapServers());
      assertTrue(Files.readString(dir.resolve("broker.log.1")).contains("shut down completely"),
          "the first run's log is kept beside the new one");
      assertEquals(KafkaClients.groupedByPartition(sent),
          KafkaClients.consumeAll(second.bootstrapServers(), "kept", "read_uncommitted"));
    }
  }

  @Test
  void brokerThatExitsDuringStartFailsWithTheTailOfItsLog(@TempDir Path dir) throws Exception {
    // Storage that claims another node id: Kafka refuses to start on it and exits.
    Path storage = Files.createDirectories(dir.resolve("kraft"));
    Files.writeString(storage.resolve("meta.properties"),
        "version=1\nnode.id=7\ncluster.id=rCCuNNDqTDWsb671eZMSjw\ndirectory.id=LrgNv_80fZKP1vvVEBkEeA\n");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalKafkaBroker.start(BrokerConfig.in(dir)));

    assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
    assertTrue(e.getMessage().contains("Stored node id 7"), e.getMessage());
    assertTrue(LocalKafkaBroker.attach(dir).isEmpty());
  }

  @Test
  void secondStartOnTheSameDataDirIsRefusedWhileOneRuns() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalKafkaBroker.start(BrokerConfig.in(KAFKA.broker().dataDir())));

    assertTrue(e.getMessage().contains("already runs") && e.getMessage().contains(KAFKA.bootstrapServers()),
        e.getMessage());
  }

  @Test
  void startIsRefusedWhileABrokerTheStateFileDoesNotNameHoldsTheDataDir() throws Exception {
    Path dataDir = KAFKA.broker().dataDir();
    Path state = dataDir.resolve("broker.state");
    Path aside = dataDir.resolve("broker.state.aside");
    Files.move(state, aside);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> LocalKafkaBroker.start(BrokerConfig.in(dataDir)));

      assertTrue(e.getMessage().contains("holds Kafka's lock"), e.getMessage());
    } finally {
      Files.move(aside, state);
    }
    assertTrue(KAFKA.broker().isAnswering(Duration.ofSeconds(10)), "the running broker is untouched");
  }

  @Test
  void startOnAPortInUseFailsNamingThePort(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> LocalKafkaBroker.start(BrokerConfig.in(dir).withPort(port)));

      assertTrue(e.getMessage().contains("port " + port + " on 127.0.0.1 is in use"), e.getMessage());
    }
  }

  private static void sendInTransaction(KafkaProducer<String, String> producer, List<String[]> records, boolean commit) {
    producer.beginTransaction();
    for (String[] kv : records) {
      producer.send(new ProducerRecord<>("tx", kv[0], kv[1]));
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.flush();
      producer.abortTransaction();
    }
  }

  private static List<String[]> randomRecords(Random random, String prefix, int count) {
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new String[] {"key-" + random.nextInt(20), prefix + i + "-" + Long.toHexString(random.nextLong())});
    }
    return records;
  }

  private static List<String> values(List<String> partitionKeyValues) {
    return partitionKeyValues.stream().map(s -> s.substring(s.lastIndexOf('/') + 1)).collect(Collectors.toList());
  }

  private static List<String> sorted(List<String> list) {
    return list.stream().sorted().toList();
  }
}
