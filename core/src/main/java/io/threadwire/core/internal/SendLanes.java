package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.Transport;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote sends that fired timers hand off, so that the timer thread never waits for a network:
 * one lane per (node that sends, node addressed), each drained in order by a virtual thread
 * that exists only while the lane has work. A slow or unreachable node delays only the timers
 * addressed to it, and timers to one node arrive in the order they fired.
 */
final class SendLanes {
    private static final Logger LOG = LoggerFactory.getLogger(SendLanes.class);

    private record Lane(Transport transport, NodeAddress node) {
    }

    private record Send(RemoteThread to, Object message, LocalThread sender) {
    }

    /** A lane is in the map exactly while its drainer runs; the queues are touched only inside compute. */
    private static final Map<Lane, ArrayDeque<Send>> LANES = new ConcurrentHashMap<>();

    private SendLanes() {
    }

    /** Queues the send; starts the lane's drainer if it has none. Never blocks. */
    static void submit(Transport transport, RemoteThread to, Object message, LocalThread sender) {
        Lane lane = new Lane(transport, to.node());
        boolean[] started = {false};
        LANES.compute(lane, (l, queue) -> {
            if (queue == null) {
                queue = new ArrayDeque<>();
                started[0] = true;
            }
            queue.addLast(new Send(to, message, sender));
            return queue;
        });
        if (started[0]) {
            Thread.ofVirtual().name("threadwire-timer-send").start(() -> drain(lane));
        }
    }

    private static void drain(Lane lane) {
        for (;;) {
            Send[] next = {null};
            LANES.computeIfPresent(lane, (l, queue) -> {
                next[0] = queue.pollFirst();
                return next[0] == null ? null : queue; // empty: the lane goes, and the next submit starts a drainer
            });
            Send s = next[0];
            if (s == null) {
                return;
            }
            try {
                lane.transport.send(s.to, s.message, s.sender);
            } catch (RuntimeException e) {
                Stats.dropped();
                LOG.warn("a timer's message to {} was dropped: {}", s.to, e.toString());
            }
        }
    }
}
