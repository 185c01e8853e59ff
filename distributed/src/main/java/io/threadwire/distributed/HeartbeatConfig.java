package io.threadwire.distributed;

import java.time.Duration;

/**
 * Failure detection ({@link NodeConfig}): every connection carries a heartbeat when it has had
 * nothing else to send for {@code interval}; a peer heard nothing from for {@code timeout} is
 * declared down, its connection closed and every monitor on it fired.
 *
 * @param interval positive; 1 s by default
 * @param timeout  longer than {@code interval} (a few times longer is usual); 10 s by default
 */
public record HeartbeatConfig(Duration interval, Duration timeout) {
    /** The defaults: a heartbeat every second, a peer silent for 10 s is lost. */
    public static final HeartbeatConfig DEFAULT = new HeartbeatConfig(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /**
     * @throws IllegalArgumentException if a duration is not positive or longer than 3650 days (10
     *                                  years), or the timeout is not longer than the interval
     */
    public HeartbeatConfig {
        ConfigChecks.positive(interval, "heartbeatInterval");
        ConfigChecks.positive(timeout, "heartbeatTimeout");
    }

    /** Checks what involves both settings; the builder calls it once both are final. */
    HeartbeatConfig checked() {
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout (" + timeout + ") must be longer than heartbeatInterval ("
                    + interval + "), a few times longer is usual");
        }
        return this;
    }
}
