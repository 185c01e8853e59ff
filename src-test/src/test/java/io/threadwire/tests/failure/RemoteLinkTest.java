package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
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
        assertThat(after).isInstanceOf(io.threadwire.core.Down.class);
    }
}
