package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one {@link PeerSlot} sends an application item ({@link PeerSlot#route}): the channel in
 * use; else, while an attempt is in flight (one is started if there is none), kept for its
 * channel if the budget allows; else the sender waits for room or a channel, and while a loss is
 * reported, for the report to end.
 *
 * <p>No item is dropped without a loss reported after it, in full: the sender's {@code Down}s
 * are in its mailbox before the send that dropped the item returns, so they reach it after that
 * send.
 * <ul>
 *   <li>A timeout that ends while a loss is reported (or about to be: a closed channel still
 *       installed) waits for the report to end, then looks again: the item may then be kept for
 *       the next attempt. A report that takes longer than the connect timeout (on a stalled
 *       machine) ends that wait, and the item is dropped.</li>
 *   <li>Past the budget, if the sender's timeout ends while the attempt in flight has time left
 *       (in a node, one begun after the send began: the send waited through a loss), the sender
 *       waits until that attempt's deadline too, once: senders never cut an attempt short. A
 *       newer attempt in flight then means the one waited for ended and its loss was reported,
 *       so the item is dropped.</li>
 *   <li>An attempt still in flight past its own deadline (its thread late to settle it) is
 *       failed at once, under the lock that found it late, so that its channel cannot be
 *       installed in between: what was kept is dropped, the loss reported (on a thread of its
 *       own), and the sender looks again once the report has ended. Else that channel could
 *       carry what was kept and what is sent next, with the item missing in between and no
 *       {@code Down} for it.</li>
 * </ul>
 * So a send waits about its timeout, at most once more the connect timeout for an attempt begun
 * meanwhile, and more only while a loss's report runs.
 */
final class SlotRouter<C extends SlotChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(SlotRouter.class);

    private final NodeAddress address;
    private final long connectTimeoutNanos;
    private final SlotState<C, ?> state;
    private final ReentrantLock lock;       // the state's
    private final Condition changed;        // the state's: signalled on every transition

    SlotRouter(NodeAddress address, long connectTimeoutNanos, SlotState<C, ?> state) {
        this.address = address;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.state = state;
        this.lock = state.lock;
        this.changed = state.changed;
    }

    /** See {@link PeerSlot#route(byte[], DataEncoder, long)}. */
    SlotRoute<C> route(byte[] item, DataEncoder again, long timeoutNanos) throws InterruptedException {
        C c = state.up();
        if (c != null && !c.isClosed()) {
            return new SlotRoute<>(c, false);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        boolean extended = false;         // waited on to an attempt's deadline
        long reportDeadline = 0;
        boolean awaitingReport = false;   // past the deadline, waiting for a report's end
        lock.lock();
        try {
            for (;;) {
                c = state.up();
                if (c != null && !c.isClosed()) {
                    return new SlotRoute<>(c, false);
                }
                state.checkNotRetired();
                boolean connecting = c == null && !state.isReporting();
                if (connecting) {
                    state.startAttemptIfIdle();
                    if (state.keepData(item, again)) {
                        return new SlotRoute<>(null, true);
                    }
                }
                // a loss is reported (or about to be: a closed channel still installed), or the
                // budget is full: the report, the install or the attempt's end signals
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0 && !connecting) {
                    if (!awaitingReport) {
                        awaitingReport = true;
                        reportDeadline = now + connectTimeoutNanos;
                    }
                    left = reportDeadline - now;
                    if (left <= 0) {
                        LOG.warn("dropped a message to {}: the report of a lost connection has taken over {} ms",
                                address, TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos));
                        break;
                    }
                } else if (left <= 0) {
                    ConnectAttempt a = state.attempt();
                    long attemptLeft = a.deadline() - now;
                    if (attemptLeft <= 0) {
                        LOG.debug("the connection being made to {} is past its deadline and a message waits for it"
                                + " past the budget for kept messages: failing it", address);
                        state.failLate(a, new TimeoutException("no connection within the connect timeout, and a"
                                + " message waited for it past the budget for messages kept meanwhile"),
                                "threadwire-unreachable-" + address);
                        continue; // a report is under way now: wait for its end
                    }
                    if (extended) {
                        break; // a newer attempt: the loss of the one waited for was reported in full
                    }
                    extended = true; // it has time left (it began after this send did): let it run its course
                    deadline = a.deadline();
                    left = attemptLeft;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return SlotRoute.dropped();
    }
}
