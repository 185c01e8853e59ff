package io.threadwire.distributed.internal.transport;

/**
 * The per-connection slot KryoNet lacks: our {@code Connection} subclasses hold the
 * {@link FrameHandler} of their channel, so a frame finds its channel without a map lookup.
 */
public interface Attachment {

    /** The handler, or null before the channel attached itself. */
    FrameHandler handler();

    /** Attaches the channel's handler; once, before the channel reads. */
    void attach(FrameHandler handler);

    /** The handler of {@code connection}, or null. */
    static FrameHandler of(Object connection) {
        return connection instanceof Attachment a ? a.handler() : null;
    }
}
