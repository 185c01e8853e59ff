package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.spi.Registration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links between threads of this JVM: two exit hooks, one on each side, that raise a failure
 * (any reason but {@code normal}) in the other thread at its next receive.
 */
final class Links {
    /** Both hooks of one link, so that either side can remove it. */
    private record Link(Registration onA, Registration onB) {
        void cancel() {
            if (onA != null) {
                onA.cancel();
            }
            if (onB != null) {
                onB.cancel();
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

    /** Links {@code a} and {@code b}; if {@code b} has already ended, {@code a} gets {@code noproc}. */
    static void link(ThreadState a, ThreadState b) {
        if (a == b) {
            return;
        }
        Pair pair = Pair.of(a, b);
        Registration onB = b.onExit((who, reason) -> {
            LINKS.remove(pair);
            if (!reason.isNormal()) {
                a.linkedFailure(b.ref(), reason);
            }
        });
        if (onB == null) {
            a.linkedFailure(b.ref(), ExitReason.NOPROC);
            return;
        }
        Registration onA = a.onExit((who, reason) -> {
            LINKS.remove(pair);
            if (!reason.isNormal()) {
                b.linkedFailure(a.ref(), reason);
            }
        });
        Link previous = LINKS.put(pair, new Link(onA, onB));
        if (previous != null) {
            previous.cancel(); // linking twice makes one link, as in Erlang
        }
    }

    static void unlink(ThreadState a, ThreadState b) {
        Link link = LINKS.remove(Pair.of(a, b));
        if (link != null) {
            link.cancel();
        }
    }
}
