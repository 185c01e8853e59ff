package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unlinks from both sides of a remote link that cross on the wire, with a link made again among them. */
class RemoteUnlinkCrossingTest {
    /** Longer than the few milliseconds both sides take to act: what each sends crosses what the other sent. */
    private static final Duration LATENCY = Duration.ofMillis(300);

    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /**
     * A thread that unlinks and links again while its partner unlinks, the unlinks crossing,
     * stays linked on both sides: its crash reaches the partner.
     */
    @Test
    void aLinkMadeAgainAcrossCrossingUnlinksHoldsOnBothSides() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread observer = self();
        LocalThread partner = b.spawn(() -> {
            ThreadRef linker = null;
            try {
                for (;;) {
                    Object m = receive();
                    if (m instanceof Synchronous call) {
                        replySynchronous("ok", call);
                    } else if (m instanceof ThreadRef ref) {
                        linker = ref;
                        send("partner knows the linker", observer);
                    } else if ("unlink".equals(m)) {
                        unlink(linker);
                    }
                }
            } catch (LinkedThreadException e) {
                send("partner saw " + e.reason(), observer);
            }
        });
        b.registerRemoteThread(partner, "partner");
        ThreadRef partnerRef = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            link(partnerRef);
            sendSynchronous("linked", partnerRef, LONG);
            send(self(), partnerRef);
            receive(LONG); // go
            unlink(partnerRef);
            link(partnerRef);
            sendSynchronous("after the acknowledgement", partnerRef, LONG); // its answer follows B's UnlinkAck
            throw new IllegalStateException("linker crashed");
        });
        assertThat(receive(LONG)).isEqualTo("partner knows the linker");

        cluster.delay(a, b, LATENCY, Duration.ZERO);
        send("unlink", partner);
        send("go", linker);
        assertThat((String) receive(LONG)).startsWith("partner saw").contains("linker crashed");
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no link of a's");
    }

    /**
     * A thread that unlinks and links again, and crashes before its unlink is acknowledged, passes
     * its crash to its partner: the link made again holds though its Link was still waiting.
     */
    @Test
    void aCrashRightAfterLinkingAgainReachesThePartner() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread observer = self();
        LocalThread partner = b.spawn(() -> {
            try {
                for (;;) {
                    if (receive() instanceof Synchronous call) {
                        replySynchronous("ok", call);
                    }
                }
            } catch (LinkedThreadException e) {
                send("partner saw " + e.reason(), observer);
            }
        });
        b.registerRemoteThread(partner, "partner");
        ThreadRef partnerRef = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            link(partnerRef);
            sendSynchronous("linked", partnerRef, LONG);
            send("linked", observer);
            receive(LONG); // go
            unlink(partnerRef);
            link(partnerRef); // its Link waits for the acknowledgement of the unlink, which is slow to come
            throw new IllegalStateException("linker crashed");
        });
        assertThat(receive(LONG)).isEqualTo("linked");

        cluster.delayOneWay(b, a, LATENCY, Duration.ZERO);
        send("go", linker);
        assertThat((String) receive(LONG)).startsWith("partner saw").contains("linker crashed");
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no link of a's");
    }

    /**
     * A thread that links by name while its partner's unlink of their link is on its way stays
     * linked on both sides, as one that links by id again does: its crash reaches the partner.
     */
    @Test
    void aLinkByNameCrossingThePartnersUnlinkHoldsOnBothSides() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread observer = self();
        LocalThread partner = b.spawn(() -> {
            Synchronous hello = receive(Synchronous.class, LONG);
            ThreadRef linker = hello.sender();
            link(linker);
            replySynchronous("linked", hello);
            receive(LONG); // "unlink"
            unlink(linker);
            monitor(linker); // after the unlink: its Down follows any link signal of the linker's end
            List<String> seen = new ArrayList<>();
            for (;;) {
                try {
                    Object m = receive(LONG);
                    if (m instanceof Synchronous call) {
                        replySynchronous("ok", call);
                    } else if (m instanceof Down) {
                        seen.add("Down");
                        break;
                    }
                } catch (LinkedThreadException e) {
                    seen.add("linked " + e.reason());
                }
            }
            send(seen, observer);
        });
        b.registerRemoteThread(partner, "partner");
        ThreadRef partnerRef = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            assertThat(sendSynchronous("hello", partnerRef, LONG)).isEqualTo("linked");
            send("linked", observer);
            receive(LONG); // go
            link(partnerRef); // crosses the partner's unlink
            sendSynchronous("after the link", partnerRef, LONG);
            throw new IllegalStateException("linker crashed");
        });
        assertThat(receive(LONG)).isEqualTo("linked");

        cluster.delay(a, b, LATENCY, Duration.ZERO);
        send("unlink", partner);
        send("go", linker);
        List<?> seen = (List<?>) receive(LONG);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).asString().startsWith("linked").contains("linker crashed");
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no link of a's");
    }

    /**
     * A thread that unlinks while its partner's exit is on its way never sees that exit (Erlang's
     * unlink guarantee): the exit that crossed the unlink is ignored.
     */
    @Test
    void anExitThatCrossesTheUnlinkIsIgnored() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread observer = self();
        LocalThread partner = b.spawn(() -> {
            replySynchronous("ok", receive(Synchronous.class, LONG));
            receive(LONG); // crash
            throw new IllegalStateException("partner crashed");
        });
        b.registerRemoteThread(partner, "partner");
        ThreadRef partnerRef = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            link(partnerRef);
            sendSynchronous("linked", partnerRef, LONG);
            send("linked", observer);
            receive(LONG); // unlink
            unlink(partnerRef);
            try {
                send(receive(LONG), observer); // "done", sent after the exit has arrived
            } catch (LinkedThreadException e) {
                send("saw " + e.reason(), observer);
            }
        });
        assertThat(receive(LONG)).isEqualTo("linked");

        cluster.delayOneWay(b, a, LATENCY, Duration.ZERO);
        monitor(partner);
        send("crash", partner);
        receive(Down.class, LONG); // the exit is on its way to a
        send("unlink", linker);
        cluster.run(b, () -> send("done", linker)); // behind the exit on the connection
        assertThat(receive(LONG)).isEqualTo("done");
    }

    /**
     * A thread that unlinks, links again and crashes at once, while its partner unlinks, the
     * unlinks crossing, passes its crash to its partner: its link made again reaches the partner
     * after the partner's unlink, as it does when it lives on.
     */
    @Test
    void aCrashRightAfterLinkingAgainAcrossCrossingUnlinksReachesThePartner() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread observer = self();
        LocalThread partner = b.spawn(() -> {
            ThreadRef linker = null;
            try {
                for (;;) {
                    Object m = receive();
                    if (m instanceof Synchronous call) {
                        linker = call.sender();
                        replySynchronous("ok", call);
                    } else if ("unlink".equals(m)) {
                        unlink(linker);
                    }
                }
            } catch (LinkedThreadException e) {
                send("partner saw " + e.reason(), observer);
            }
        });
        b.registerRemoteThread(partner, "partner");
        ThreadRef partnerRef = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            link(partnerRef);
            sendSynchronous("linked", partnerRef, LONG);
            send("linked", observer);
            receive(LONG); // go
            unlink(partnerRef);
            link(partnerRef);
            throw new IllegalStateException("linker crashed");
        });
        assertThat(receive(LONG)).isEqualTo("linked");

        cluster.delay(a, b, LATENCY, Duration.ZERO);
        send("unlink", partner);
        send("go", linker);
        assertThat((String) receive(LONG)).startsWith("partner saw").contains("linker crashed");
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no link of a's");
    }
}
