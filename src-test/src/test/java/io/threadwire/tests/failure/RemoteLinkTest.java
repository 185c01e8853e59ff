package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Links across nodes: a partner's failure, or the loss of its node, is raised at the next receive. */
class RemoteLinkTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** A thread of B, registered as "partner", that crashes on "crash" and reports failures it receives. */
    private static void startPartner(Node b, LocalThread observer) {
        LocalThread partner = b.spawn(() -> {
            try {
                for (;;) {
                    Object m = receive(LONG);
                    if (m instanceof Synchronous call) {
                        replySynchronous("ready", call);
                    } else if ("crash".equals(m)) {
                        throw new IllegalArgumentException("partner crashed");
                    }
                }
            } catch (LinkedThreadException e) {
                send(e.reason().toString(), observer);
            }
        });
        b.registerRemoteThread(partner, "partner");
    }

    /** Scenario: a thread of A links to a thread of B, which then crashes: A's next receive throws. */
    @Test
    void remotePartnerCrashReachesLinkedThread() {
        Node a = cluster.node(0), b = cluster.node(1);
        startPartner(b, self());
        RemoteThread partner = b.remoteThread("partner");
        LinkedThreadException e = cluster.call(a, () -> {
            link(partner);
            sendSynchronous("sync", partner, LONG); // B has the link before the crash
            send("crash", partner);
            return catchThrowableOfType(LinkedThreadException.class, () -> receive(LONG));
        });
        assertThat(e.thread()).isEqualTo(partner);
        assertThat(e.getCause()).isInstanceOf(RemoteThreadException.class).hasMessageContaining("partner crashed");
    }

    /** Scenario: the thread of A that linked to B's thread crashes: B's thread's next receive throws. */
    @Test
    void linkedThreadCrashReachesRemotePartner() {
        Node a = cluster.node(0), b = cluster.node(1);
        startPartner(b, self());
        RemoteThread partner = b.remoteThread("partner");
        LocalThread linker = a.spawn(() -> {
            link(partner);
            sendSynchronous("sync", partner, LONG);
            throw new IllegalStateException("linker crashed");
        });
        assertThat(linker).isNotNull();
        Object report = receive(LONG); // what the partner's LinkedThreadException said
        assertThat(report).asString().contains(IllegalStateException.class.getName()).contains("linker crashed");
    }

    /** Scenario: the link between A and B is cut: A's linked thread fails with noconnection. */
    @Test
    void losingTheNodeCountsAsPartnerDeath() {
        Node a = cluster.node(0), b = cluster.node(1);
        startPartner(b, self());
        RemoteThread partner = b.remoteThread("partner");
        ExitReason reason = cluster.call(a, () -> {
            link(partner);
            sendSynchronous("sync", partner, LONG);
            cluster.disconnect(a, b);
            return catchThrowableOfType(LinkedThreadException.class, () -> receive(LONG)).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(receive(LONG)).isEqualTo("noconnection"); // and the partner saw A vanish likewise
    }

    /** Scenario: a normal end of the remote partner is not a failure: nothing is raised. */
    @Test
    void normalEndOfRemotePartnerIsNotRaised() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread quitter = b.spawn(() -> receive(LONG));
        b.registerRemoteThread(quitter, "quitter");
        RemoteThread remote = b.remoteThread("quitter");
        Object after = cluster.call(a, () -> {
            link(remote);
            monitor(remote);
            send("bye", remote);
            return receive(LONG); // the monitor's Down, not a LinkedThreadException
        });
        assertThat(after).isInstanceOf(Down.class);
    }

    /** Scenario: a thread of A links to a thread of B that has ended: its next receive throws noproc (Erlang's link to a dead pid). */
    @Test
    void aLinkToAnEndedRemoteThreadRaisesNoproc() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread gone = b.spawn(() -> { });
        cluster.run(b, () -> {
            monitor(gone);
            receive(Down.class, LONG);
        });
        ExitReason reason = cluster.call(a, () -> {
            link(gone); // a LocalThread of B, reached by id over the connection
            return catchThrowableOfType(LinkedThreadException.class, () -> receive(LONG)).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOPROC);
    }

    /** Scenario: B closes while a thread of A is linked to one of its threads: A's thread sees shutdown, once. */
    @Test
    void closingThePartnersNodeRaisesShutdownOnce() {
        Node a = cluster.node(0), b = cluster.node(1);
        startPartner(b, self());
        RemoteThread partner = b.remoteThread("partner");
        String seen = cluster.call(a, () -> {
            link(partner);
            sendSynchronous("sync", partner, LONG);
            b.close();
            String first = catchThrowableOfType(LinkedThreadException.class, () -> receive(LONG)).reason().toString();
            try {
                receive(Duration.ofMillis(300));
                return "a second signal after " + first;
            } catch (LinkedThreadException e) {
                return "a second LinkedThreadException " + e.reason() + " after " + first;
            } catch (ReceiveTimeoutException nothingMore) {
                return first;
            }
        });
        assertThat(seen).isEqualTo(ExitReason.SHUTDOWN.toString());
    }

    /**
     * Scenario: B restarts (a new incarnation on the same address) while a thread of A is linked
     * to, and monitors, a thread of the old B: it sees noconnection once each; linking again to
     * that thread's handle raises noproc, once.
     */
    @Test
    void aRestartedPartnersNodeRaisesNoconnectionOnceThenNoproc() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread quiet = b.spawn(() -> {
            for (;;) {
                replySynchronous("ok", receive(Synchronous.class));
            }
        });
        RemoteThread.ById partner = new RemoteThread.ById(b.address(), b.incarnation(), quiet.id());
        LocalThread test = self();
        Worker<List<Object>> linker = Worker.start(a, "linker", () -> {
            link(partner);
            monitor(partner);
            sendSynchronous("sync", partner, LONG);
            send("linked", test);
            List<Object> seen = collect();
            send("again", test);
            receive(LONG); // linked again after the restart
            link(partner);
            seen.addAll(collect());
            return seen;
        });
        assertThat(receive(LONG)).isEqualTo("linked");
        cluster.restart(b);
        assertThat(receive(LONG)).isEqualTo("again");
        send("go", linker.thread());
        assertThat(linker.join()).containsExactly(
                "linked " + ExitReason.NOCONNECTION, "Down " + ExitReason.NOCONNECTION, "linked " + ExitReason.NOPROC);
    }

    /** What reaches the calling thread until nothing more comes for a while: messages, Downs and link signals. */
    private static List<Object> collect() {
        List<Object> seen = new ArrayList<>();
        for (;;) {
            try {
                Object m = receive(Duration.ofMillis(500));
                seen.add(m instanceof Down d ? "Down " + d.reason() : m);
            } catch (LinkedThreadException e) {
                seen.add("linked " + e.reason());
            } catch (ReceiveTimeoutException nothingMore) {
                return seen;
            }
        }
    }
}
