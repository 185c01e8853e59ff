package io.threadwire.distributed.internal.link;

/**
 * One connection attempt of a {@link PeerSlot}: settled once, by a channel being installed or
 * by its own end. Its methods are called under the slot's lock.
 */
public final class ConnectAttempt {
    private final long deadline;
    private boolean done;
    private Throwable failure;

    ConnectAttempt(long deadline) {
        this.deadline = deadline;
    }

    /** When the attempt gives up ({@link System#nanoTime()} based). */
    public long deadline() {
        return deadline;
    }

    boolean isDone() {
        return done;
    }

    /** Why it failed, or null. */
    Throwable failure() {
        return failure;
    }

    /** Settles it as a success: a channel is up. */
    void succeed() {
        done = true;
        failure = null;
    }

    /** Settles it as a failure. */
    void fail(Throwable cause) {
        done = true;
        failure = cause;
    }

    /** The message of the innermost cause of {@code t} (its class name if it has none): why an attempt failed, in a word. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
