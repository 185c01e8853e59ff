package io.threadwire.core;

import java.util.Objects;

/**
 * A request made with {@link Messaging#sendSynchronous sendSynchronous}, as the receiving
 * thread finds it in its mailbox. Answer it, once, with
 * {@link Messaging#replySynchronous replySynchronous}; the reply goes to {@link #sender()}, on
 * this node or another, and is matched to the waiting call by {@link #tag()}.
 *
 * <p>A request may be handed on to another thread of the node it reached (or of the caller's
 * own node), which may answer it instead; the thread it reached should stay alive until then, as
 * the call fails when that thread ends. A reply sent from a thread of any other node is
 * discarded, as one that arrives after the caller stopped waiting is: a caller's node accepts a
 * reply only from the node its call went to, so that no node can answer calls made to another.
 *
 * @param data   the message the caller sent
 * @param sender the calling thread
 * @param tag    identifies the call among the sender's calls
 */
public record Synchronous(Object data, ThreadRef sender, long tag) {
    /** @throws NullPointerException if {@code data} or {@code sender} is null */
    public Synchronous {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sender, "sender");
    }
}
