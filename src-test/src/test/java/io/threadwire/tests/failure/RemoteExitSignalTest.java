package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code exit(thread, reason)} aimed at a thread of another node (Erlang's {@code exit/2} across
 * nodes, {@code t_exit_2_other}, {@code xm_sig_order}): the target ends with the reason, which its
 * monitors and links on either node see; {@code normal} ends it quietly; the signal keeps its
 * place among the sender's messages; a signal to a node that cannot be reached is ignored.
 */
class RemoteExitSignalTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** A thread of B that waits in receive for ever. */
    private static LocalThread idle(Node b) {
        return b.spawn(() -> {
            for (;;) {
                receive();
            }
        });
    }

    /** The Down a thread of A gets for {@code target} after a thread of A sent it exit({@code reason}). */
    private Down downAfterExit(ThreadRef target, Object reason) {
        Node a = cluster.node(0);
        return cluster.call(a, () -> {
            monitor(target);
            exit(target, reason);
            return receive(Down.class, LONG);
        });
    }

    /** Scenario: a custom reason both nodes admit (a String) arrives as the value itself, at a monitor on the sender's node. */
    @Test
    void aCustomReasonArrivesAsItsValue() {
        LocalThread target = idle(cluster.node(1));
        Down down = downAfterExit(target, "joey said die");
        assertThat(down.reason()).isEqualTo(new ExitReason.Custom("joey said die"));
    }

    /** Scenario: a reason whose class is not admitted travels as its class name and text. */
    @Test
    void aReasonThatCannotTravelArrivesAsItsText() {
        LocalThread target = idle(cluster.node(1));
        Down down = downAfterExit(target, new NotAdmitted("no entry"));
        assertThat(down.reason()).isEqualTo(new ExitReason.Custom(new RemoteReason(NotAdmitted.class.getName(),
                "NotAdmitted[why=no entry]")));
    }

    /** Scenario: an exception as the reason: the target ends crashed; a monitor on its own node sees the class and message. */
    @Test
    void anExceptionReasonEndsTheTargetCrashed() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread target = idle(b);
        Worker<Down> localWatcher = Worker.start(b, "watcher", () -> {
            monitor(target);
            return receive(Down.class, LONG);
        });
        cluster.run(a, () -> exit(target, new IllegalStateException("stop now")));
        Down down = localWatcher.join();
        Throwable e = ((ExitReason.Crashed) down.reason()).exception();
        assertThat(e).isInstanceOfSatisfying(RemoteThreadException.class, r -> {
            assertThat(r.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
            assertThat(r.remoteMessage()).isEqualTo("stop now");
        });
    }

    /** Scenario: the target catches the signal in its receive and sees the reason; it ends with it all the same. */
    @Test
    void theTargetSeesTheSignalInItsReceive() {
        Node a = cluster.node(0), b = cluster.node(1);
        Worker<Object> target = Worker.start(b, "target", () -> {
            try {
                receive(LONG);
                return "no signal";
            } catch (ExitSignalException e) {
                return e.reason();
            }
        });
        Down down = downAfterExit(target.thread(), "bye");
        assertThat(target.join()).isEqualTo(new ExitReason.Custom("bye"));
        assertThat(down.reason()).isEqualTo(new ExitReason.Custom("bye"));
    }

    /** Scenario: the target is linked to a thread of B and to one of A: both raise the reason. */
    @Test
    void linksOnBothNodesRaiseTheReason() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread target = idle(b);
        Worker<ExitReason> partnerOnB = Worker.start(b, "partner-b", () -> linkedFailure(target));
        Worker<ExitReason> partnerOnA = Worker.start(a, "partner-a", () -> linkedFailure(target));
        cluster.run(a, () -> {
            sendSynchronous("linked?", partnerOnA.thread(), LONG); // each answers once it is linked
            sendSynchronous("linked?", partnerOnB.thread(), LONG);
            exit(target, "cut the cord");
        });
        assertThat(partnerOnA.join()).isEqualTo(new ExitReason.Custom("cut the cord"));
        assertThat(partnerOnB.join()).isEqualTo(new ExitReason.Custom("cut the cord"));
    }

    /** Links to {@code target}, then answers calls until the link raises; returns the reason raised. */
    private static ExitReason linkedFailure(ThreadRef target) {
        link(target);
        try {
            for (;;) {
                handleSynchronous(question -> "linked");
            }
        } catch (LinkedThreadException e) {
            return e.reason();
        }
    }

    /**
     * Scenario: exit with normal: the target ends, a monitor on the sender's node sees normal, and
     * its link partner raises nothing (a raise would come before the Down of its own monitor,
     * made after the link).
     */
    @Test
    void normalEndsTheTargetQuietly() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread target = idle(b);
        Worker<List<Object>> partner = Worker.start(b, "partner", () -> {
            link(target);
            monitor(target);
            handleSynchronous(question -> "linked");
            List<Object> seen = new ArrayList<>();
            try {
                seen.add(receive(Down.class, LONG).reason());
                receive(Duration.ZERO);
                seen.add("a message");
            } catch (ReceiveTimeoutException quiet) {
                seen.add("quiet");
            } catch (LinkedThreadException raised) {
                seen.add(raised);
            }
            return seen;
        });
        Down down = cluster.call(a, () -> {
            sendSynchronous("linked?", partner.thread(), LONG);
            monitor(target);
            exit(target, ExitReason.NORMAL);
            return receive(Down.class, LONG);
        });
        assertThat(down.reason()).isEqualTo(ExitReason.NORMAL);
        assertThat(partner.join()).containsExactly(ExitReason.NORMAL, "quiet");
    }

    /**
     * Scenario (Erlang xm_sig_order), 200 rounds: a thread of A sends 0, 1, 2, then exit, then 3,
     * 4, 5 to a thread of B that keeps taking what comes. It takes some of 0, 1, 2, in order, and
     * never 3, 4 or 5.
     */
    @Test
    void theSignalKeepsItsPlaceAmongTheSendersMessages() {
        Node a = cluster.node(0), b = cluster.node(1);
        for (int round = 0; round < 200; round++) {
            List<Object> taken = new CopyOnWriteArrayList<>();
            LocalThread target = b.spawn(() -> {
                for (;;) {
                    taken.add(receive());
                }
            });
            Down down = cluster.call(a, () -> {
                monitor(target);
                for (int i = 0; i < 3; i++) {
                    send(i, target);
                }
                exit(target, "in order");
                for (int i = 3; i < 6; i++) {
                    send(i, target);
                }
                return receive(Down.class, LONG);
            });
            assertThat(down.reason()).isEqualTo(new ExitReason.Custom("in order"));
            // the signal overtakes messages still queued (as an Erlang exit signal ends a process
            // whatever its queue holds), but none sent after it is ever taken
            assertThat(List.copyOf(taken)).as("round %d", round).isIn(List.of(), List.of(0), List.of(0, 1), List.of(0, 1, 2));
        }
    }

    /** Scenario: exit to a thread by name on B: the thread registered there ends. */
    @Test
    void aNamedTargetIsResolvedOnItsNode() {
        Node b = cluster.node(1);
        LocalThread target = idle(b);
        b.registerRemoteThread(target, "victim");
        Worker<Down> watcher = Worker.start(b, "watcher", () -> {
            monitor(target);
            return receive(Down.class, LONG);
        });
        cluster.run(cluster.node(0), () -> exit(b.remoteThread("victim"), "by name"));
        assertThat(watcher.join().reason()).isEqualTo(new ExitReason.Custom("by name"));
    }

    /** Scenario: exit to a thread of an address where nothing listens returns normally: the signal is ignored. */
    @Test
    void aSignalToANodeThatCannotBeReachedIsIgnored() throws IOException {
        NodeAddress nowhere;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nowhere = new NodeAddress("127.0.0.1", probe.getLocalPort());
        }
        RemoteThread target = RemoteThread.named(nowhere, "anyone");
        Down down = cluster.call(cluster.node(0), () -> {
            exit(target, "unheard");
            monitor(target);
            return receive(Down.class, LONG);
        });
        assertThat(down.reason()).isEqualTo(ExitReason.NOCONNECTION);
    }

    /** A reason no node admits. */
    record NotAdmitted(String why) {
    }
}
