package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.wire.SignalItems;
import io.threadwire.serialize.AdmittedTypes;

/**
 * What a channel's senders do with its {@link SendQueue}: an application item waits for room,
 * until its deadline; a protocol item never waits, except on the channel's own reader. What the
 * reader sends answers what the peer asked (a monitor of a missing thread, say), and a peer that
 * asks without reading the answers must be slowed down, not buffered for: once the queue holds a
 * whole limit past what senders may queue, the reader waits for room like a sender, and past
 * the send timeout the peer is cut off. Below that it does not wait, so two nodes that fill each
 * other's queues still read each other (see {@link SendQueue#awaitRoom}).
 */
final class ChannelSender {

    /** What the sender needs of its channel. */
    interface Host {
        boolean isClosed();

        /** Whether KryoNet saw the connection close: nothing more can be written. */
        boolean peerGone();

        void close(String reason);

        /** What the peer admits in messages, once the handshake is done; else null. */
        AdmittedTypes peerTypes();
    }

    private final Host host;
    private final SendQueue queue;
    private final ChannelReader reader;
    private final ChannelWriter writer;
    private final long sendTimeoutNanos;

    ChannelSender(Host host, SendQueue queue, ChannelReader reader, ChannelWriter writer, long sendTimeoutNanos) {
        this.host = host;
        this.queue = queue;
        this.reader = reader;
        this.writer = writer;
        this.sendTimeoutNanos = sendTimeoutNanos;
    }

    /**
     * Writes an application item through on the caller's thread if the connection is idle (see
     * {@link ChannelWriter}); else queues it, waiting up to {@code timeoutNanos} while the queue is full.
     */
    SendQueue.Outcome sendData(byte[] item, long timeoutNanos) throws InterruptedException {
        if (writer.writeThrough(item)) {
            return SendQueue.Outcome.QUEUED;
        }
        return queue.sendData(item, timeoutNanos);
    }

    /**
     * Writes a protocol item through if the connection is idle (see {@link ChannelWriter}), else
     * queues it: at once, or on the reader once there is room (see the class comment).
     */
    void sendControl(byte[] item) {
        if (host.isClosed()) {
            return;
        }
        if (!reader.isCurrent()) {
            if (!writer.writeThrough(item)) {
                force(item, true); // a watch the caller makes or ends may pass other threads' fragments
            }
            return;
        }
        if (awaitControlRoom() && !writer.writeThrough(item)) {
            force(item, false);
        }
    }

    /** {@link #sendControl} of the signal {@code encode} makes, compact if the peer has a backlog already. */
    void sendSignal(SlotChannel.Signal signal) {
        if (!host.isClosed()) {
            sendControl(signal.encode(queue.backlogged()));
        }
    }

    /**
     * Sends a protocol item that can wait for the channel's next frame with that frame, if it
     * may ({@link ChannelWriter#linger}); else as {@link #sendControl}.
     */
    void sendLazily(byte[] item) {
        if (host.isClosed()) {
            return;
        }
        if (reader.isCurrent() || !writer.linger(item)) {
            sendControl(item);
        }
    }

    /** Queues a protocol item without waiting, whoever calls. */
    void forceControl(byte[] item) {
        if (!host.isClosed()) {
            force(item, false);
        }
    }

    /** {@link #forceControl} of the signal {@code encode} makes, compact if the peer has a backlog already. */
    void forceSignal(SlotChannel.Signal signal) {
        if (!host.isClosed()) {
            force(signal.encode(queue.backlogged()), false);
        }
    }

    /**
     * Queues a protocol item without waiting, within bounds however many there are. Such items
     * are answers and signals, one for each thing the peer watches or asked for, so their number
     * is bounded by the peer's budget, but not their size: a thread that ends with a 64 KiB
     * reason sends it to each of its watchers. Once the peer has left {@link SendQueue#ANSWER_ROOM}
     * times the limit unread, a signal's reason goes compact ({@link SignalItems#compact}: every
     * watcher still has its one signal); past {@link SendQueue#CEILING} times the limit the
     * channel closes, and the peer's watchers see {@code noconnection}, as for any lost
     * connection. It closes too if what it holds past its limit would not fit in what the node
     * keeps for all peers ({@link PeerStateMemory}): many peers that each stay under their own
     * ceiling could otherwise make the node hold their sum.
     *
     * @param fromSender whether the calling thread authors the item (see {@link SendQueue})
     */
    private void force(byte[] item, boolean fromSender) {
        byte[] fitted = queue.backlogged() ? SignalItems.compact(item) : item;
        if (queue.wouldPassCeiling(fitted.length)) {
            host.close("the peer left more than " + (SendQueue.CEILING * queue.budget().limit() >> 20)
                    + " MiB of signals and answers unread");
            return;
        }
        if (!queue.forceIfRoom(fitted, fromSender)) {
            host.close("the peer left signals and answers unread past its outbound limit, and the node's peers"
                    + " together hold the most it keeps for them (peerStateMemory " + queue.allPeersLimit() + " bytes)");
        }
    }

    /** Queues an item kept while the channel was being made, encoded again for the peer's types if {@code again} says how. */
    void forceData(byte[] item, DataEncoder again) {
        AdmittedTypes theirs = host.peerTypes();
        byte[] forPeer = again == null || theirs == null ? item : again.forPeer(theirs);
        if (forPeer != null && !host.isClosed()) {
            queue.force(forPeer); // it was kept within the link's budget: in fragments if big, without waiting
        }
    }

    /**
     * On the reader, before it answers a request of the peer: waits until the queue has room,
     * at most the send timeout; false (and the channel closed, unless the peer is gone) if it did
     * not get any. Elsewhere: true at once.
     */
    boolean awaitControlRoom() {
        if (host.isClosed()) {
            return false;
        }
        if (!reader.isCurrent()) {
            return true;
        }
        boolean room;
        try {
            room = queue.awaitRoom(sendTimeoutNanos, () -> !host.isClosed() && !host.peerGone());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            room = false;
        }
        if (!room && !host.isClosed() && !host.peerGone()) {
            host.close("the peer does not read what it asked for");
        } // if the peer is gone, the reader closes the channel at the end of its frames
        return room && !host.isClosed();
    }
}
