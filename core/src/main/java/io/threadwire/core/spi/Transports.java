package io.threadwire.core.spi;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM's default transport: the node that sends on behalf of threads that belong to no
 * node (such as {@code main}). Set by {@code Distributed.startNode}.
 *
 * <p>Service-provider interface: not for application code.
 */
public final class Transports {
    private static final AtomicReference<Transport> DEFAULT = new AtomicReference<>();

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
}
