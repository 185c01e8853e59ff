package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.spi.Registration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links between threads of this JVM: two exit hooks, one on each side, that raise a failure
 * (any reason but {@code normal}) in the other thread at its next receive.
 *
 * <p>When either thread ends, the link is gone: the ending side's hook removes the other
 * side's, so that a long-lived thread linked to many short-lived ones does not keep a hook (and
 * through it the ended thread) for each of them.
 */
final class Links {
    /** Both hooks of one link, so that either side can remove it. */
    private static final class Link {
        volatile Registration onA; // on a: raises a's failure in b
        volatile Registration onB; // on b: raises b's failure in a

        void cancel() {
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
     * {@code a} gets {@code noproc}.
     */
    static void link(ThreadState a, ThreadState b) {
        if (a == b) {
            return;
        }
        Pair pair = Pair.of(a, b);
        Link link = new Link();
        Registration onB = b.onExit((who, reason) -> ended(pair, link, link.onA, b, a, reason));
        if (onB == null) {
            a.linkedFailure(b.ref(), ExitReason.NOPROC);
            return;
        }
        link.onB = onB;
        link.onA = a.onExit((who, reason) -> ended(pair, link, link.onB, a, b, reason));
        Link previous = LINKS.put(pair, link);
        if (previous != null) {
            previous.cancel(); // linking twice makes one link, as in Erlang
        }
        if (!b.isAlive()) { // b ended meanwhile: its hook may have run before onA existed
            LINKS.remove(pair, link);
            Link.cancel(link.onA);
        }
    }

    /** {@code ended} ended: drop the link and the hook on {@code other}; pass on a failure. */
    private static void ended(Pair pair, Link link, Registration onOther, ThreadState ended, ThreadState other,
            ExitReason reason) {
        LINKS.remove(pair, link);
        Link.cancel(onOther); // null if link() has not made it yet; link() then removes it itself
        if (!reason.isNormal()) {
            other.linkedFailure(ended.ref(), reason);
        }
    }

    static void unlink(ThreadState a, ThreadState b) {
        Link link = LINKS.remove(Pair.of(a, b));
        if (link != null) {
            link.cancel();
        }
    }
}
