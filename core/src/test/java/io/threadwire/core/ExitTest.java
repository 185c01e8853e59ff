package io.threadwire.core;

import static io.threadwire.core.Messaging.awaitServing;
import static io.threadwire.core.Messaging.droppedMessageCount;
import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** exit(thread, reason): the target ends with that reason, which its monitors and links see. */
class ExitTest {

    /**
     * A thread that links itself to the thread it is sent, says "linked", then reports the
     * failure the link raises in it, or "no failure" when it gets a message instead.
     */
    private static Runnable linkedWitness(LocalThread me) {
        return () -> {
            link((LocalThread) receive(LONG));
            send("linked", me);
            try {
                receive(LONG);
                send("no failure", me);
            } catch (LinkedThreadException e) {
                send(e, me);
            }
        };
    }

    /** Starts a linked witness of {@code target} and waits until the link is made. */
    private static LocalThread witness(Scenario s, LocalThread target) {
        LocalThread w = s.spawn(linkedWitness(self()));
        send(target, w);
        assertThat(receive(LONG)).isEqualTo("linked");
        return w;
    }

    /** A custom reason ends a waiting thread: its monitor's Down and its link's LinkedThreadException carry it. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void customReasonIsSeenByMonitorsAndLinks(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            witness(s, target);
            monitor(target);
            exit(target, "no longer needed");

            Down down = receive(Down.class, LONG);
            assertThat(down.ref()).isSameAs(target);
            assertThat(down.reason()).isEqualTo(new ExitReason.Custom("no longer needed"));
            assertThat(down.reason()).hasToString("no longer needed");
            assertThat(receive(LONG)).isInstanceOfSatisfying(LinkedThreadException.class, e -> {
                assertThat(e.thread()).isSameAs(target);
                assertThat(e.reason()).isEqualTo(new ExitReason.Custom("no longer needed"));
            });
        });
    }

    /** A normal reason ends the thread quietly: its monitor sees normal, and its link raises nothing. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void normalReasonEndsTheThreadQuietly(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            LocalThread witness = witness(s, target);
            monitor(target);
            exit(target, ExitReason.NORMAL);

            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(target, ExitReason.NORMAL));
            s.join(target); // every hook of its end has run
            send("anything raised?", witness);
            assertThat(receive(LONG)).isEqualTo("no failure");
        });
    }

    /** An exception as the reason is a crash: Crashed carrying it, and the cause of the linked failure. */
    @Test
    void exceptionAsReasonIsACrash() {
        Boom boom = new Boom("told to fail");
        Scenario.run(s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            witness(s, target);
            monitor(target);
            exit(target, boom);
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Crashed(boom));
            assertThat(receive(LONG)).isInstanceOfSatisfying(LinkedThreadException.class,
                    e -> assertThat(e.getCause()).isSameAs(boom));
        });
    }

    /** ExitReason.SHUTDOWN stops a thread as a supervisor does: the Down reads shutdown. */
    @Test
    void shutdownReasonIsKept() {
        Scenario.run(s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            monitor(target);
            exit(target, ExitReason.SHUTDOWN);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(target, ExitReason.SHUTDOWN));
        });
    }

    /** The target's waiting receive throws ExitSignalException carrying the reason; catching it does not save the thread, and sends still work. */
    @Test
    void caughtSignalStillEndsTheThread() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread target = s.spawn(() -> {
                try {
                    receive(LONG);
                } catch (ExitSignalException e) {
                    send("caught " + e.reason(), me); // sends work: the thread can clean up
                }
                try {
                    receive(LONG);
                    send("the second receive returned", me);
                } catch (ExitSignalException again) {
                    send("thrown again", me);
                }
                // the body now returns normally; the thread still ends with the exit's reason
            });
            monitor(target);
            exit(target, "stop");
            assertThat(receive(LONG)).isEqualTo("caught stop");
            assertThat(receive(LONG)).isEqualTo("thrown again");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("stop"));
        });
    }

    /** A thread waiting in a synchronous call ends at once, with the reason. */
    @Test
    void endsAThreadWaitingInACall() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread silent = s.spawn(() -> {
                // never answers; the request may never come (the exit can reach the caller
                // before it sends it, and the call then throws without sending)
                if (receive(LONG) instanceof Synchronous) {
                    receive(LONG);
                }
            });
            LocalThread caller = s.spawn(() -> {
                send("calling", me);
                sendSynchronous("q", silent, LONG);
            });
            monitor(caller);
            assertThat(receive(LONG)).isEqualTo("calling");
            exit(caller, "enough");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("enough"));
            send("stop", silent);
        });
    }

    /** A thread waiting in a JDK wait (sleep) is interrupted, and ends with the reason, not with its InterruptedException. */
    @Test
    void endsAThreadInAJdkWait() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread sleeper = s.spawn(() -> {
                send("sleeping", me);
                try {
                    Thread.sleep(LONG.toMillis());
                } catch (InterruptedException e) {
                    // the body returns; the thread ends with the exit's reason all the same
                }
            });
            monitor(sleeper);
            assertThat(receive(LONG)).isEqualTo("sleeping");
            exit(sleeper, "wake up");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("wake up"));
        });
    }

    /** A thread that never waits but sends is ended at its next send: it is not preempted, but it does not run on forever. */
    @Test
    void busyThreadEndsAtItsNextSend() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread busy = s.spawn(() -> {
                send("busy", me);
                for (long i = 0; ; i++) {
                    if (i % 1_000 == 0) {
                        send(i, self()); // never received: discarded when it ends
                    }
                }
            });
            monitor(busy);
            assertThat(receive(LONG)).isEqualTo("busy");
            exit(busy, "stop working");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("stop working"));
        });
    }

    /**
     * A thread told to exit makes no call: its next {@code sendSynchronous} throws the signal and
     * sends no request, as its next send would send nothing, so the callee never serves (and acts
     * on) a request whose caller is already ending.
     */
    @Test
    void aCallAfterTheSignalSendsNoRequest() {
        Scenario.run(s -> {
            LocalThread me = self();
            AtomicBoolean go = new AtomicBoolean();
            LocalThread caller = s.spawn(() -> {
                send("ready", me);
                while (!go.get()) {
                    Thread.onSpinWait(); // computes, so the signal waits for its next call
                }
                sendSynchronous("withdraw", me, LONG);
            });
            monitor(caller);
            assertThat(receive(LONG)).isEqualTo("ready");
            exit(caller, "stop");
            go.set(true);
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("stop"));
            // Anything the caller sent came before its Down: a request would be here now.
            assertThatThrownBy(() -> receive(Synchronous.class, Duration.ZERO)).isInstanceOf(ReceiveTimeoutException.class);
        });
    }

    /** {@code awaitServing} is a wait: it throws the exit signal even when its future is already done. */
    @Test
    void awaitServingOfADoneFutureThrowsTheSignal() {
        Scenario.run(s -> {
            LocalThread me = self();
            AtomicBoolean go = new AtomicBoolean();
            AtomicBoolean returned = new AtomicBoolean();
            LocalThread waiter = s.spawn(() -> {
                send("ready", me);
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                awaitServing(CompletableFuture.completedFuture("done"), request -> request);
                returned.set(true); // what a thread does with the value, which it must not do
            });
            monitor(waiter);
            assertThat(receive(LONG)).isEqualTo("ready");
            exit(waiter, "stop");
            go.set(true);
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("stop"));
            assertThat(returned).as("awaitServing returned after the signal").isFalse();
        });
    }

    /** A thread that swallows the interrupt of its JDK wait and then only sends is still ended at its next send. */
    @Test
    void threadThatSwallowsTheInterruptEndsAtItsNextSend() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread stubborn = s.spawn(() -> {
                send("sleeping", me);
                try {
                    Thread.sleep(LONG.toMillis());
                } catch (InterruptedException swallowed) {
                    // carries on regardless
                }
                for (long i = 0; ; i++) {
                    send(i, self());
                }
            });
            monitor(stubborn);
            assertThat(receive(LONG)).isEqualTo("sleeping");
            exit(stubborn, "really");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("really"));
        });
    }

    /** exit(self(), reason) throws at once, and a spawned thread that lets it propagate ends with the reason. */
    @Test
    void exitOfSelfThrowsAtOnce() {
        Scenario.run(s -> {
            LocalThread target = s.spawn(() -> {
                receive(LONG);
                exit(self(), "done here");
            });
            monitor(target);
            send("go", target);
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("done here"));
        });
    }

    /**
     * A thread threadwire did not start ends its threadwire life when the signal is thrown in it:
     * its monitors fire with the reason, its mailbox is discarded, and it goes on as a new thread.
     */
    @ParameterizedTest
    @EnumSource(value = Runner.class, names = {"PLATFORM", "VIRTUAL"})
    void adoptedThreadStartsAfresh(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread before = self();
            LocalThread watcher = s.spawn(() -> {
                LocalThread watched = (LocalThread) receive(LONG);
                monitor(watched);
                send("watching", watched);
                Down down = receive(Down.class, LONG);
                send(down, (LocalThread) receive(LONG)); // to the new identity, once it is known
            });
            send(before, watcher);
            assertThat(receive(LONG)).isEqualTo("watching");
            send("left unread", before);
            long dropped = droppedMessageCount();

            assertThatThrownBy(() -> exit(before, "retired"))
                    .isInstanceOfSatisfying(ExitSignalException.class,
                            e -> assertThat(e.reason()).isEqualTo(new ExitReason.Custom("retired")));

            assertThat(before.isAlive()).isFalse();
            assertThat(droppedMessageCount()).isGreaterThanOrEqualTo(dropped + 1); // "left unread" went with it
            LocalThread after = self();
            assertThat(after).isNotEqualTo(before);
            send(after, watcher);
            assertThat(receive(LONG)).isEqualTo(new Down(before, new ExitReason.Custom("retired")));
        });
    }

    /**
     * A platform thread threadwire did not start keeps one identity while it lives, its own and no
     * other thread's, and its end reaches its monitors as a normal exit.
     */
    @Test
    void anAdoptedPlatformThreadsEndReachesItsMonitors() {
        Scenario.run(s -> {
            LocalThread main = self();
            Runnable body = () -> {
                LocalThread first = self();
                send(new LocalThread[] {first, self()}, main);
                receive(LONG); // "go": the monitor is in place
            };
            Thread one = Thread.ofPlatform().name("adopted-one").start(body);
            Thread two = Thread.ofPlatform().name("adopted-two").start(body);
            LocalThread[] a = (LocalThread[]) receive(LONG);
            LocalThread[] b = (LocalThread[]) receive(LONG);
            assertThat(a[1]).isEqualTo(a[0]);
            assertThat(b[1]).isEqualTo(b[0]);
            assertThat(a[0]).isNotEqualTo(b[0]).isNotEqualTo(main);
            monitor(a[0]);
            monitor(b[0]);
            send("go", a[0]);
            send("go", b[0]);
            assertThat(List.of(receive(Down.class, LONG), receive(Down.class, LONG)))
                    .containsExactlyInAnyOrder(new Down(a[0], ExitReason.NORMAL), new Down(b[0], ExitReason.NORMAL));
            assertThat(one.join(LONG)).isTrue();
            assertThat(two.join(LONG)).isTrue();
        });
    }

    /** The first exit signal wins; a later one, and one to a thread that has ended, change nothing. */
    @Test
    void firstSignalWins() {
        Scenario.run(s -> {
            LocalThread target = s.spawn(() -> receive(LONG));
            monitor(target);
            exit(target, "first");
            exit(target, "second");
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(new ExitReason.Custom("first"));
            s.join(target);
            exit(target, "too late"); // ignored, as in Erlang
        });
    }

    /** An exit signal for a remote thread needs a node: none running is refused, and so is a node that cannot send one. */
    @Test
    void remoteExitNeedsANodeThatSupportsIt() {
        RemoteThread remote = RemoteThread.named(StubTransport.FAST, "elsewhere");
        Scenario.run(s -> assertThatThrownBy(() -> exit(remote, "r"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no default node"));
        try (StubTransport node = StubTransport.installed()) {
            Scenario.run(s -> assertThatThrownBy(() -> exit(remote, "r"))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("exit signal"));
        }
    }
}
