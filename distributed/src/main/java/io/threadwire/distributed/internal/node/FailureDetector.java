package io.threadwire.distributed.internal.node;

import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.Settings;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.transport.FaultGate;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread per node that closes the channels heard nothing authenticated from for the
 * heartbeat timeout (unless this node paused reading them or has frames of theirs still to read:
 * then the silence is its own), closes the connections that did not authenticate within the
 * handshake timeout, and forgets the links that have had nothing to do for
 * {@link Settings#IDLE_PEER_TIMEOUTS} heartbeat timeouts.
 *
 * <p>It passes the node's {@link FaultGate} each round: a frozen node notices no silence, and a
 * thawed one counts silence from the thaw, not from before the freeze (the peers' heartbeats
 * sent meanwhile still wait in its sockets); a crashed one ends its detector.
 */
final class FailureDetector implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDetector.class);

    private final RateLimitedWarning timedOut = new RateLimitedWarning(LOG);
    private final Settings settings;
    private final Peers peers;
    private final Set<Channel> handshaking;
    private final FaultGate gate;
    private final Thread thread;
    private volatile boolean stopped;

    FailureDetector(String name, Settings settings, Peers peers, Set<Channel> handshaking, FaultGate gate) {
        this.settings = settings;
        this.gate = gate;
        this.peers = peers;
        this.handshaking = handshaking;
        this.thread = Thread.ofVirtual().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(TimeUnit.MILLISECONDS.toNanos(250), settings.heartbeatIntervalNanos() / 4));
        while (!stopped) {
            LockSupport.parkNanos(this, period);
            if (!gate.pass() || stopped) {
                return;
            }
            long now = System.nanoTime();
            long thawed = gate.thawedAt();
            for (PeerLink p : peers.all()) {
                Channel c = p.channel();
                if (c == null || c.liveness().silenceIsOurs()) {
                    continue;
                }
                long last = c.liveness().lastReceived();
                long heard = thawed != 0 && thawed - last > 0 ? thawed : last;
                if (now - heard > settings.heartbeatTimeoutNanos()) {
                    c.close("no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - heard) + " ms");
                }
            }
            for (Channel c : handshaking) {
                long opened = thawed != 0 && thawed - c.openedAt() > 0 ? thawed : c.openedAt();
                if (now - opened > settings.handshakeTimeoutNanos()) {
                    timedOut.warn("closing a connection from {} that did not complete its handshake in {} ms",
                            c.socketAddress(), TimeUnit.NANOSECONDS.toMillis(settings.handshakeTimeoutNanos()));
                    c.close("handshake timeout");
                }
            }
            peers.forgetIdle(now - settings.idlePeerNanos());
        }
    }
}
