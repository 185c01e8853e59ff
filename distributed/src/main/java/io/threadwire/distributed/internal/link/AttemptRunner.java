package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connection attempts of one peer's {@link PeerSlot}, each on a virtual thread of its
 * own: dials, waits for the channel's handshake until the attempt's deadline, and settles the
 * attempt with the slot ({@link PeerSlot#attemptEnded}). If the other node's connection wins the
 * tie-break, or this node accepted the other node's connection before the attempt began, the
 * attempt waits for that one to come up instead.
 */
final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    private final NodeAddress address;
    private final Dialer dialer;
    private final PeerSlot<Channel, ?> slot;
    private final long connectTimeoutNanos;

    AttemptRunner(NodeAddress address, Dialer dialer, PeerSlot<Channel, ?> slot, long connectTimeoutNanos) {
        this.address = address;
        this.dialer = dialer;
        this.slot = slot;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    /** Starts {@code attempt} on a thread of its own; returns at once. */
    void start(ConnectAttempt attempt) {
        Thread.ofVirtual().name("threadwire-connect-" + address).start(() -> run(attempt));
    }

    private void run(ConnectAttempt attempt) {
        long deadline = attempt.deadline();
        Throwable failure = null;
        try {
            if (dialer.awaitAccepted(address, deadline)) {
                slot.attemptEnded(attempt, null); // the other node's connection, accepted before, is up
                return;
            }
            Channel c = dialer.dial(address, deadline);
            try {
                c.whenEstablished().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ChannelClosedException closed && closed.duplicate())) {
                    throw e.getCause();
                }
                slot.awaitUp(deadline); // the other node's connection wins: wait for it
            }
        } catch (TimeoutException e) {
            failure = new TimeoutException("no connection within " + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos)
                    + " ms");
        } catch (Throwable t) {
            failure = t;
        }
        if (failure != null) {
            LOG.debug("could not connect to {}: {}", address, ConnectAttempt.rootMessage(failure));
        }
        slot.attemptEnded(attempt, failure);
    }
}
