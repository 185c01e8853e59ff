package io.threadwire.distributed;

import java.time.Duration;

/**
 * How long a node waits ({@link NodeConfig}).
 *
 * @param connect   longest a connection may take to open (including its handshake): messages sent
 *                  meanwhile are kept for it (a sender waits only once they fill the outbound
 *                  buffer) and are dropped and counted if it does not open in time; how long
 *                  {@code Node.connect} waits; 5 s
 * @param send      longest a send waits for room in a full outbound queue: past it the peer is
 *                  treated as failed, its connection closed (every monitor and link on it fires)
 *                  and the message dropped and counted; a send never throws for it; 30 s
 * @param handshake a connection that has not authenticated by then is closed; 5 s
 */
public record TimeoutConfig(Duration connect, Duration send, Duration handshake) {
    /** The defaults: connect 5 s, send 30 s, handshake 5 s. */
    public static final TimeoutConfig DEFAULT = new TimeoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    /** @throws IllegalArgumentException if a duration is not positive, or longer than 3650 days (10 years) */
    public TimeoutConfig {
        ConfigChecks.positive(connect, "connectTimeout");
        ConfigChecks.positive(send, "sendTimeout");
        ConfigChecks.positive(handshake, "handshakeTimeout");
    }
}
