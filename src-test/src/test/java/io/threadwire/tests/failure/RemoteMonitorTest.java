package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Monitors on threads of another node: one Down, whatever ends the thread. */
class RemoteMonitorTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /**
     * A thread of B registered as {@code name}: answers synchronous calls, returns on "return",
     * throws on "crash".
     */
    private static void startTarget(Node b, String name) {
        LocalThread t = b.spawn(() -> {
            for (;;) {
                Object order = receive(LONG);
                if (order instanceof Synchronous call) {
                    replySynchronous("pong", call);
                } else if ("crash".equals(order)) {
                    throw new IllegalStateException("told to crash");
                } else {
                    return;
                }
            }
        });
        b.registerRemoteThread(t, name);
    }

    /** Scenario: A monitors a thread of B that returns; A gets Down(normal), once. */
    @Test
    void remoteMonitorReportsNormalEnd() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        Down down = cluster.call(a, () -> {
            monitor(target);
            send("return", target);
            Down d = receive(Down.class, LONG);
            assertNoMore(Down.class);
            return d;
        });
        assertThat(down.ref()).isEqualTo(target);
        assertThat(down.reason()).isEqualTo(ExitReason.NORMAL);
    }

    /** Scenario: the thread of B throws; A's Down carries the exception's class and message. */
    @Test
    void remoteMonitorReportsTheException() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        Down down = cluster.call(a, () -> {
            monitor(target);
            send("crash", target);
            return receive(Down.class, LONG);
        });
        assertThat(down.reason()).isInstanceOf(ExitReason.Crashed.class);
        RemoteThreadException e = (RemoteThreadException) ((ExitReason.Crashed) down.reason()).exception();
        assertThat(e.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(e.remoteMessage()).isEqualTo("told to crash");
    }

    /** Scenario: A monitors a name nobody ever registered on B: Down(noproc) at once. */
    @Test
    void remoteMonitorOnUnknownNameReportsNoproc() {
        Node a = cluster.node(0), b = cluster.node(1);
        Down down = cluster.call(a, () -> {
            monitor(b.remoteThread("nobody"));
            return receive(Down.class, LONG);
        });
        assertThat(down.reason()).isEqualTo(ExitReason.NOPROC);
    }

    /** Scenario: A holds the handle of a thread of B that has ended, and monitors it: noproc. */
    @Test
    void remoteMonitorOnEndedThreadReportsNoproc() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread factory = b.spawn(() -> {
            for (;;) { // answers each call with the handle of a thread that ends at once
                Synchronous call = receive(Synchronous.class, LONG);
                replySynchronous(spawn(() -> { }), call);
            }
        });
        b.registerRemoteThread(factory, "factory");
        ExitReason reason = cluster.call(a, () -> {
            ThreadRef shortLived = (ThreadRef) sendSynchronous("spawn", b.remoteThread("factory"), LONG);
            assertThat(shortLived).isInstanceOf(RemoteThread.ById.class); // it crossed the network
            monitor(shortLived);
            ExitReason first = receive(Down.class, LONG).reason(); // normal, or noproc if it was quick
            assertThat(first).isIn(ExitReason.NORMAL, ExitReason.NOPROC);
            monitor(shortLived);
            return receive(Down.class, LONG).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOPROC);
    }

    /** Scenario: B closes while A monitors one of its threads: A's Down says shutdown. */
    @Test
    void remoteMonitorReportsNodeClose() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        ExitReason reason = cluster.call(a, () -> {
            monitor(target);
            sendSynchronous("ping", target, LONG); // B has seen the monitor: it travelled first
            b.close();
            return receive(Down.class, LONG).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.SHUTDOWN); // B stopped its threads, then closed
    }

    /** Scenario: A demonitors, then the thread of B ends: no Down ever reaches A. */
    @Test
    void noDownAfterDemonitor() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        boolean stillActive = cluster.call(a, () -> {
            MonitorRef m = monitor(target);
            boolean active = demonitor(m);
            MonitorRef control = monitor(target); // a second monitor proves the end did happen
            send("crash", target);
            Down d = receive(Down.class, LONG); // the control monitor's Down
            assertThat(d.ref()).isEqualTo(target);
            demonitor(control);
            assertNoMore(Down.class);
            return active;
        });
        assertThat(stillActive).isTrue();
    }

    private static void assertNoMore(Class<?> type) {
        try {
            Object extra = receive(type, Duration.ofMillis(300));
            throw new AssertionError("unexpected second " + type.getSimpleName() + ": " + extra);
        } catch (ReceiveTimeoutException expected) {
            // nothing more: as promised
        }
    }

    /**
     * Scenario: one thread of A monitors a thread of B twice, and demonitors the first: the second
     * still gets its one Down (each monitor is one, as in Erlang's monitor_SUITE).
     */
    @Test
    void twoMonitorsOfOneThreadAreApart() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        Object seen = cluster.call(a, () -> {
            MonitorRef first = monitor(target);
            monitor(target);
            assertThat(demonitor(first)).isTrue();
            send("crash", target);
            Down d = receive(Down.class, LONG);
            assertNoMore(Down.class);
            return d.reason();
        });
        assertThat(seen).isInstanceOf(ExitReason.Crashed.class);
    }

    /** Scenario: 50 threads of A each monitor one thread of B, registered by name, which crashes: each gets one Down naming it by that name. */
    @Test
    void manyWatchersOfOneNamedThreadGetOneDownEach() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        LocalThread test = self();
        int watchers = 50;
        for (int i = 0; i < watchers; i++) {
            a.spawn(() -> {
                monitor(target);
                sendSynchronous("ping", target, LONG);
                send("watching", test);
                Down d = receive(Down.class, LONG);
                assertNoMore(Down.class);
                send(d.ref().equals(target) && d.reason() instanceof ExitReason.Crashed ? "one Down" : "wrong " + d, test);
            });
        }
        for (int i = 0; i < watchers; i++) {
            assertThat(receive(LONG)).isEqualTo("watching");
        }
        cluster.run(a, () -> send("crash", target));
        for (int i = 0; i < watchers; i++) {
            assertThat(receive(LONG)).isEqualTo("one Down");
        }
    }

    /**
     * Scenario (Erlang's list_cleanup): threads of A monitor a thread of B and end without
     * demonitoring: B lets go of their monitors, and the thread it keeps serving holds no hook for them.
     */
    @Test
    void monitorsOfEndedWatchersLeaveNothingOnTheWatchedNode() {
        Node a = cluster.node(0), b = cluster.node(1);
        startTarget(b, "target");
        RemoteThread target = b.remoteThread("target");
        for (int i = 0; i < 20; i++) {
            cluster.run(a, () -> {
                monitor(target);
                sendSynchronous("ping", target, LONG);
                assertThat(b.stats().peerStateBytes()).as("B holds the monitor").isPositive();
            });
        }
        Timeouts.await(() -> b.stats().peerStateBytes() == 0, "b holds no monitor of a's ended threads");
    }
}
