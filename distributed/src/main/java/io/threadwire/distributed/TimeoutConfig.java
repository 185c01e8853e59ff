package io.threadwire.distributed;

import java.time.Duration;

/**
 * How long a node waits ({@link NodeConfig}).
 *
 * @param connect   longest a send waits for a connection to open (including its handshake); 5 s
 * @param send      longest a send waits for room in a full outbound queue before it fails with
 *                  {@link SendTimeoutException}; 30 s
 * @param handshake a connection that has not authenticated by then is closed; 5 s
 */
public record TimeoutConfig(Duration connect, Duration send, Duration handshake) {
    public static final TimeoutConfig DEFAULT = new TimeoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    /** @throws IllegalArgumentException if a duration is not positive */
    public TimeoutConfig {
        ConfigChecks.positive(connect, "connectTimeout");
        ConfigChecks.positive(send, "sendTimeout");
        ConfigChecks.positive(handshake, "handshakeTimeout");
    }
}
