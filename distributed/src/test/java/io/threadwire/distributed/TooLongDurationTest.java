package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A duration too long for the node's clock arithmetic (counted in nanoseconds) is refused where it
 * is given, naming the setting, instead of failing later with an {@link ArithmeticException} that
 * names none: {@code Duration.ofSeconds(Long.MAX_VALUE)}, a usual way to write "forever", made
 * {@code Node.start}, {@code connect} and {@code ping} throw "long overflow".
 */
class TooLongDurationTest {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    @Test
    void aSetterRefusesADurationTooLongToCountNamingTheSetting() {
        Map<String, Consumer<NodeConfig.Builder>> setters = Map.of(
                "connectTimeout", b -> b.connectTimeout(FOREVER),
                "sendTimeout", b -> b.sendTimeout(FOREVER),
                "handshakeTimeout", b -> b.handshakeTimeout(FOREVER),
                "heartbeatTimeout", b -> b.heartbeatTimeout(FOREVER),
                "heartbeatInterval", b -> b.heartbeatInterval(FOREVER));
        setters.forEach((name, setter) -> assertThatThrownBy(() -> setter.accept(NodeConfig.builder()))
                .as(name).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " " + FOREVER + " is longer than 3650 days"));
    }

    @Test
    void connectAndPingRefuseATimeoutTooLongToCount() {
        try (Node node = Node.start(NodeConfig.builder().secret("0123456789abcdef0123456789abcdef").build())) {
            assertThatThrownBy(() -> node.connect(node.address(), FOREVER)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("timeout " + FOREVER + " is longer than 3650 days");
            assertThatThrownBy(() -> node.ping(node.address(), FOREVER)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("timeout " + FOREVER + " is longer than 3650 days");
        }
    }
}
