package io.threadwire.core.internal;

/**
 * A link of a {@link Mailbox}'s inbound queue: one message, and the next link once a later put
 * has linked it (or, inside a run put in one step, the put of the run before it published the
 * run). {@code Mailbox} extends it to be the first (stub) link of its own queue, so that a
 * mailbox that never held a message costs no link.
 */
class MailboxNode {
    Object item;                // null in the stub: the link last taken
    volatile MailboxNode next;  // set once: by the put that follows, or by the put of its run

    MailboxNode(Object item) {
        this.item = item;
    }
}
