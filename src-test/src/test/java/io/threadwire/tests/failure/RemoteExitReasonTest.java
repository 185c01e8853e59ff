package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reason a thread of another node ended with arrives as it was (Erlang's {@code large_exit}
 * and {@code kill2killed}): a long message whole, multi-byte characters intact, a chain of links
 * across nodes without growing, and a Down even when the exception cannot describe itself.
 */
class RemoteExitReasonTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** The Down a thread of A gets for a thread of B that throws {@code failure}. */
    private Down downOfRemoteThreadThatThrows(RuntimeException failure) {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread doomed = b.spawn(() -> {
            receive(LONG);
            throw failure;
        });
        return cluster.call(a, () -> {
            monitor(doomed);
            send("now", doomed);
            return receive(Down.class, LONG);
        });
    }

    private static RemoteThreadException remote(Down down) {
        return (RemoteThreadException) ((ExitReason.Crashed) down.reason()).exception();
    }

    /** Scenario: a message of 400 euro signs (1,200 bytes of UTF-8) arrives whole, not cut inside a character. */
    @Test
    void aMessageOfMultiByteCharactersArrivesWhole() {
        String euros = "€".repeat(400);
        assertThat(remote(downOfRemoteThreadThatThrows(new IllegalStateException(euros))).remoteMessage())
                .isEqualTo(euros);
    }

    /** Scenario: 100 threads end with 60 KiB messages, each different: every Down carries its thread's message exactly. */
    @Test
    void largeMessagesArriveExactly() {
        Node a = cluster.node(0), b = cluster.node(1);
        List<LocalThread> doomed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String message = i + ":" + "é".repeat(30 * 1024);
            doomed.add(b.spawn(() -> {
                receive(LONG);
                throw new IllegalArgumentException(message);
            }));
        }
        List<String> messages = cluster.call(a, () -> {
            for (LocalThread t : doomed) {
                monitor(t);
                send("now", t);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < doomed.size(); i++) {
                got.add(remote(receive(Down.class, LONG)).remoteMessage());
            }
            return got;
        });
        for (int i = 0; i < 100; i++) {
            assertThat(messages).contains(i + ":" + "é".repeat(30 * 1024));
        }
    }

    /** Scenario: a thread of B ends with an exception whose getMessage() throws: its remote monitor still gets a Down. */
    @Test
    void anExceptionThatCannotDescribeItselfStillGivesADown() {
        Down down = downOfRemoteThreadThatThrows(new Inexpressible());
        assertThat(remote(down).remoteClassName()).isEqualTo(Inexpressible.class.getName());
        assertThat(remote(down).remoteMessage()).contains("getMessage() threw");
    }

    /**
     * Scenario (Erlang kill2killed): a chain of linked threads alternating between A and B; the
     * last one fails with kaboom; every thread of the chain ends, and the reason the first one
     * sees is no longer for a chain of twelve than for a chain of four (it names its partner, the
     * partner's partner and the original failure).
     */
    @Test
    void aChainOfLinksAcrossNodesDoesNotGrowTheReason() {
        String four = reasonAtTheHeadOfAChain(4);
        String twelve = reasonAtTheHeadOfAChain(12);
        assertThat(four).contains("kaboom");
        assertThat(twelve).contains("kaboom");
        assertThat(twelve.length()).isLessThanOrEqualTo(four.length() + 4); // the ids differ in width, nothing else
    }

    /** Builds a chain of {@code n} linked threads, alternating nodes; the last fails; returns the failure the first sees. */
    private String reasonAtTheHeadOfAChain(int n) {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread test = self();
        List<LocalThread> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = i % 2 == 0 ? a : b;
            boolean last = i == n - 1;
            boolean first = i == 0;
            chain.add(node.spawn(() -> {
                ThreadRef next = last ? null : receive(ThreadRef.class, LONG);
                if (next != null) {
                    link(next);
                    send("linked", next); // after the link on the same path: it arrives once the link is made
                }
                if (!first) {
                    receive(String.class, LONG); // "linked" from the one before
                    send(1, test);
                }
                if (last) {
                    // the test's go, once every link is made: else the failure could pass along the
                    // chain before a slow thread has linked, which would then see noproc (as Erlang's link)
                    receive(Integer.class, LONG);
                    throw new IllegalStateException("kaboom");
                }
                try {
                    for (;;) {
                        receive(LONG);
                    }
                } catch (LinkedThreadException e) {
                    if (first) {
                        send(e.toString(), test);
                    }
                    throw e; // passes the failure on along the chain
                }
            }));
        }
        for (LocalThread t : chain) {
            monitor(t);
        }
        for (int i = 0; i < n - 1; i++) {
            LocalThread from = chain.get(i);
            cluster.run(i % 2 == 0 ? a : b, () -> send(chain.get(chain.indexOf(from) + 1), from));
        }
        for (int i = 0; i < n - 1; i++) {
            receive(Integer.class, LONG); // a thread of the chain has its link from the one before
        }
        send(0, chain.get(n - 1));
        String seen = receive(String.class, LONG);
        for (int i = 0; i < n; i++) {
            Down d = receive(Down.class, LONG);
            assertThat(d.reason().isNormal()).as("every thread of the chain fails").isFalse();
        }
        return seen;
    }

    /** An exception whose getMessage() throws. */
    static final class Inexpressible extends RuntimeException {
        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no words");
        }
    }
}
