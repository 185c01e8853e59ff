package io.threadwire.core.spi;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM's default transport: the node that sends on behalf of threads that belong to no
 * node (such as {@code main}). Set by {@code Distributed.startNode}. And the transports that run
 * in this JVM, so that a remote handle of one of their threads reaches it directly when the
 * sender or the thread belongs to no node, as its {@code LocalThread} does.
 *
 * <p>Service-provider interface: not for application code.
 */
public final class Transports {
    private static final AtomicReference<Transport> DEFAULT = new AtomicReference<>();
    private static final CopyOnWriteArrayList<Transport> RUNNING = new CopyOnWriteArrayList<>();

    private Transports() {
    }

    /** Makes {@code transport} the default; returns the previous one, or null. */
    public static Transport setDefault(Transport transport) {
        return DEFAULT.getAndSet(transport);
    }

    /** Clears the default if it is {@code transport} (a closing node calls this). */
    public static void clearDefault(Transport transport) {
        DEFAULT.compareAndSet(transport, null);
    }

    /** The default transport, or null when there is none (no node runs, or none was made the default). */
    public static Transport getDefault() {
        return DEFAULT.get();
    }

    /** {@code transport} runs in this JVM (a node calls this as it starts). */
    public static void started(Transport transport) {
        RUNNING.addIfAbsent(transport);
    }

    /** {@code transport} no longer runs (a closing node calls this). */
    public static void stopped(Transport transport) {
        RUNNING.remove(transport);
    }

    /** Whether more than one transport runs in this JVM (with one, it reaches its own threads itself). */
    public static boolean several() {
        return RUNNING.size() > 1;
    }

    /**
     * The thread that {@code target} names now on a transport of this JVM other than
     * {@code except} (null: any), or null if none does.
     */
    public static LocalThread threadOf(RemoteThread target, Transport except) {
        for (Transport t : RUNNING) {
            if (t != except) {
                LocalThread local = t.localOf(target);
                if (local != null) {
                    return local;
                }
            }
        }
        return null;
    }
}
