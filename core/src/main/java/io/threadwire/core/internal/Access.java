package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;

/**
 * The bridge between the public handle {@link LocalThread} and the engine's
 * {@link ThreadState}, installed by {@code LocalThread} itself so that neither has to make its
 * constructor or state public (the JDK's "shared secrets" pattern).
 */
public final class Access {

    /** Implemented in the public package, where the handle's constructor is visible. */
    public interface Bridge {
        LocalThread newLocalThread(ThreadState state);

        ThreadState state(LocalThread thread);
    }

    private static volatile Bridge bridge;

    private Access() {
    }

    /** Called once, by {@link LocalThread}'s static initializer. */
    public static void install(Bridge b) {
        bridge = b;
    }

    static LocalThread newLocalThread(ThreadState state) {
        return bridge().newLocalThread(state);
    }

    /** The engine state behind a handle. */
    public static ThreadState state(LocalThread thread) {
        return bridge().state(thread);
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try { // initializing LocalThread installs the bridge
                Class.forName(LocalThread.class.getName(), true, LocalThread.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }
}
