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
 * reported, for the report to end; then, past its timeout, the item is dropped.
 *
 * <p>An item is dropped only where a loss is reported after it, before anything sent after it
 * leaves, and with every watch the sender had made before the send: as the slot's first invariant
 * asks ({@link PeerSlot}), no application item is kept or handed a channel while a report is under
 * way, so the sender's next send waits for that report, whose {@code Down}s are then in its
 * mailbox.
 * <ul>
 *   <li>A timeout that ends while a closed channel is still installed drops the item: the
 *       channel's loss is reported next, with every watch made so far. One that ends while a
 *       loss is reported waits for the report to end (at most the connect timeout more, or the
 *       item is dropped with a warning), then looks again: that report may have taken the
 *       watches before the sender made its own.</li>
 *   <li>Past the budget, if the timeout ends while the attempt in flight has time left (in a
 *       node, one begun after the send began: the send waited through a loss), the sender
 *       waits until that attempt's deadline too, once: senders never cut an attempt short. A
 *       newer attempt in flight then means the one waited for ended in a loss reported since
 *       the send began, and the item is dropped.</li>
 *   <li>An attempt still in flight past its own deadline (its thread has not settled it yet) is
 *       failed, in the same hold of the lock that found it late, so that its channel cannot be
 *       installed first: what was kept is dropped, the loss is reported on a thread of its own,
 *       and the item is dropped. Else that channel could come up and carry what was kept and
 *       what is sent next, with the item missing in between and no {@code Down} for it.</li>
 * </ul>
 * So a send waits about its timeout, at most once more the connect timeout for an attempt begun
 * meanwhile, and more only while a loss's monitors fire.
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
        boolean extended = false;        // waited on to an attempt's deadline
        boolean failedLate = false;      // failed an attempt past its deadline: logged once the lock is let go
        long reportDeadline = 0;         // while awaitingReport
        boolean awaitingReport = false;  // past the deadline, waiting for the report under way to end
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
                if (!state.isReporting()) {
                    awaitingReport = false;
                }
                if (left <= 0) {
                    if (!connecting && !state.isReporting()) {
                        break; // a closed channel still installed: its loss, reported next, takes every watch
                    }
                    if (!connecting) { // the report may have taken the watches before the sender made its own
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
                        changed.awaitNanos(left);
                        continue;
                    }
                    ConnectAttempt a = state.attempt();
                    long attemptLeft = a.deadline() - now;
                    if (attemptLeft <= 0) {
                        if (state.failLate(a, new TimeoutException("no connection within the connect timeout, and"
                                + " a message waited for it past the budget for messages kept meanwhile"),
                                "threadwire-unreachable-" + address)) {
                            failedLate = true;
                            break;
                        }
                        continue; // it was settled after all: look again
                    }
                    if (extended) {
                        break; // a newer attempt: the one waited for ended in a loss reported since this send began
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
        if (failedLate) {
            LOG.debug("failed the connection being made to {}: past its deadline, and a message waited for it past"
                    + " the budget for kept messages", address);
        }
        return SlotRoute.dropped();
    }
}
