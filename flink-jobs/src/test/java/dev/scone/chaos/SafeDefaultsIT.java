package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local broker listens on 127.0.0.1 only (serve's JVM is checked by {@link SoakIT}); and
 * the address check itself tells loopback from "any".
 */
class SafeDefaultsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void localBrokerListensOnLoopbackOnly() throws Exception {
    SafeDefaults.Listening broker = SafeDefaults.of("kafka broker", KAFKA.broker().pid());
    assertFalse(broker.addresses().isEmpty(), "the broker listens somewhere: " + broker.line());
    assertTrue(broker.exposed().isEmpty(), broker.line());
  }

  @Test
  void anyAddressIsNotLoopback() {
    assertFalse(ListeningAddresses.isLoopback("0.0.0.0:9092"));
    assertFalse(ListeningAddresses.isLoopback("[::]:9092"));
    assertTrue(ListeningAddresses.isLoopback("127.0.0.1:9092"));
    assertTrue(ListeningAddresses.isLoopback("[::1]:9092"));
  }
}
