package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.spi.Registration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Links between threads of this JVM: one per pair of threads, made of two exit hooks, one on
 * each side, that raise a failure (any reason but {@code normal}) in the other thread at its
 * next receive.
 *
 * <p>A link acts once: the first of its threads to end passes its failure on, or
 * {@link #unlink} removes it, whichever comes first, under the link's lock. So once
 * {@code unlink} has returned, the link raises nothing more; a failure it raised just before
 * is still in the caller's signals, not yet thrown, and the caller takes it back
 * ({@link ThreadState#removeLinkedFailures}). The ending side acts on the link before it
 * leaves the table of links, so an {@code unlink} that no longer finds it knows the failure has
 * been raised.
 *
 * <p>A link is in place when {@code link} returns, to whichever of the two threads called it:
 * the thread that makes a link holds its lock until both hooks are in place, and the other,
 * linking at the same moment, finds it made and waits for that. Otherwise the other could end
 * (after its own {@code link} had returned) before the hook that passes its failure on was
 * added, and its partner would get {@code noproc} instead of its failure.
 *
 * <p>When either thread ends, the link is gone: the ending side's hook removes the other
 * side's, so that a long-lived thread linked to many short-lived ones does not keep a hook (and
 * through it the ended thread) for each of them.
 */
final class Links {
    /** Both hooks of one link, so that either side can remove it, and whether it may still act. */
    private static final class Link {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean active = true; // written under lock
        volatile Registration onA; // on a: raises a's failure in b
        volatile Registration onB; // on b: raises b's failure in a

        /** {@code ended} ended: raises its failure in {@code other}, unless the link has acted already. */
        void ended(ThreadState ended, ThreadState other, ExitReason reason) {
            lock.lock();
            try {
                if (!active) {
                    return;
                }
                active = false;
                if (!reason.isNormal()) {
                    other.linkedFailure(ended.ref(), reason); // never blocks
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether it may still act, once the thread making it has its hooks in place. */
        boolean madeAndActive() {
            lock.lock();
            try {
                return active;
            } finally {
                lock.unlock();
            }
        }

        /** After this returns the link raises nothing. */
        void remove() {
            lock.lock();
            try {
                active = false;
            } finally {
                lock.unlock();
            }
            cancel(onA);
            cancel(onB);
        }

        static void cancel(Registration r) {
            if (r != null) {
                r.cancel();
            }
        }
    }

    private static final Map<Pair, Link> LINKS = new ConcurrentHashMap<>();

    /** An unordered pair of threads. */
    private record Pair(ThreadState first, ThreadState second) {
        static Pair of(ThreadState a, ThreadState b) {
            return a.id() < b.id() ? new Pair(a, b) : new Pair(b, a);
        }
    }

    private Links() {
    }

    /**
     * Links {@code a} (the calling thread, alive) and {@code b}; if {@code b} has already ended,
     * {@code a} gets {@code noproc}. Linking a linked pair again changes nothing: one link per pair.
     */
    static void link(ThreadState a, ThreadState b) {
        if (a == b) {
            return;
        }
        Pair pair = Pair.of(a, b);
        Link link = new Link();
        // Held until both hooks are in place (see the class comment). Whatever acts on the link
        // meanwhile (b's end, b's unlink) waits for it too, so finds both hooks to cancel.
        link.lock.lock();
        try {
            for (Link existing; (existing = LINKS.putIfAbsent(pair, link)) != null; ) {
                if (existing.madeAndActive()) {
                    return;
                }
                LINKS.remove(pair, existing); // it has acted: one of its threads ended, and its hook is leaving
            }
            Registration onB = b.onExit((who, reason) -> ended(pair, link, b, a, reason, true));
            if (onB == null) {
                link.ended(b, a, ExitReason.NOPROC);
                LINKS.remove(pair, link);
                return;
            }
            link.onB = onB;
            link.onA = a.onExit((who, reason) -> ended(pair, link, a, b, reason, false)); // a is alive: never null
        } finally {
            link.lock.unlock();
        }
    }

    /**
     * {@code ended} ended: pass on its failure, then drop the link and the hook on {@code other}
     * ({@code onA} if {@code other} is the thread that linked).
     */
    private static void ended(Pair pair, Link link, ThreadState ended, ThreadState other, ExitReason reason,
            boolean otherIsA) {
        link.ended(ended, other, reason);
        LINKS.remove(pair, link);
        Link.cancel(otherIsA ? link.onA : link.onB); // in place: link.ended waited for link() to add it
    }

    /** Removes the link between {@code a} (the calling thread) and {@code b}, if there is one. */
    static void unlink(ThreadState a, ThreadState b) {
        Link link = LINKS.remove(Pair.of(a, b));
        if (link != null) {
            link.remove();
        }
    }
}
