package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.spi.Registration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of live threads: the JVM's local registry and each node's registry of remotely
 * reachable names. A name belongs to one thread at a time and is freed when that thread ends.
 */
public final class NameRegistry {
    private record Entry(ThreadState thread, Registration onExit) {
    }

    private final String what; // "local" or "node 127.0.0.1:9000", for error messages
    private final Map<String, Entry> names = new ConcurrentHashMap<>();

    public NameRegistry(String what) {
        this.what = what;
    }

    /**
     * Registers {@code thread} under {@code name}.
     *
     * @throws IllegalStateException if another live thread holds the name
     * @throws NoSuchThreadException if the thread has ended
     */
    public void register(String name, ThreadState thread) {
        checkName(name);
        Objects.requireNonNull(thread, "thread");
        for (;;) {
            Entry existing = names.get(name);
            if (existing != null) {
                if (existing.thread == thread) {
                    return;
                }
                if (existing.thread.isAlive()) {
                    throw new IllegalStateException("the name '" + name + "' is already registered in the " + what
                            + " registry to " + existing.thread.ref() + "; unregister it first or pick another name");
                }
                names.remove(name, existing); // its thread is ending: its hook is about to remove it
                continue;
            }
            Registration hook = thread.onExit((ref, reason) -> names.computeIfPresent(name,
                    (n, e) -> e.thread == thread ? null : e));
            if (hook == null) {
                throw new NoSuchThreadException(thread.ref(), "cannot register '" + name + "': thread "
                        + thread.ref() + " has ended");
            }
            if (names.putIfAbsent(name, new Entry(thread, hook)) == null) {
                return;
            }
            hook.cancel(); // lost a race for the name; look again
        }
    }

    /** Frees {@code name}; returns whether it was registered. */
    public boolean unregister(String name) {
        checkName(name);
        Entry e = names.remove(name);
        if (e == null) {
            return false;
        }
        e.onExit.cancel();
        return true;
    }

    /** The live thread registered under {@code name}. */
    public Optional<LocalThread> whereis(String name) {
        checkName(name);
        ThreadState t = lookup(name);
        return t == null ? Optional.empty() : Optional.of(t.ref());
    }

    /** The live thread registered under {@code name}, or null. */
    public ThreadState lookup(String name) {
        Entry e = names.get(name);
        return e != null && e.thread.isAlive() ? e.thread : null;
    }

    /** The names registered now (a snapshot). */
    public Set<String> names() {
        return Set.copyOf(names.keySet());
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a thread name must not be blank; give a name with at least one visible character");
        }
    }
}
