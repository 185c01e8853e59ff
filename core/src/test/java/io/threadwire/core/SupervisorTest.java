package io.threadwire.core;

import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.testkit.Timeouts.SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A supervisor in one JVM: how it watches its children, and how it stops. */
class SupervisorTest {
    /** Children a supervisor of the start race starts at once: enough that some end before the next is spawned. */
    private static final int CHILDREN = 10_000;
    /** Supervisors of the start race, one after another: before the fix, about seven in ten gave up. */
    private static final int ROUNDS = 6;
    /** Supervisors of the failed-start race started one after another: before the fix, about one in four lost its reason. */
    private static final int STARTS_THAT_FAIL = 300;

    /**
     * A transient child that returns at once is never restarted: the supervisor watches it from
     * before it runs, so it sees its end as {@code normal}, never as {@code noproc}.
     */
    @Test
    void transientChildThatReturnsAtOnceIsNeverRestarted() {
        Scenario.run(s -> {
            for (int round = 0; round < ROUNDS; round++) {
                ExitReason end = superviseChildrenThatReturnAtOnce("at-once-" + round + "-");
                assertThat(end).as("how the supervisor of round %d ended", round).isEqualTo(ExitReason.NORMAL);
            }
        });
    }

    /**
     * A transient child that ends with reason {@code shutdown} is not restarted, as in OTP: it was
     * told to stop, it did not fail, so no restart counts toward the intensity either.
     */
    @Test
    void transientChildEndingWithShutdownIsNotRestarted() {
        Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().intensity(0, Duration.ofHours(1)) // a restart would make it give up
                    .child(ChildSpec.transientChild("told-to-stop", () -> receive()))
                    .start();
            monitor(sup.thread());
            LocalThread child = sup.child("told-to-stop").orElseThrow();
            monitor(child);
            exit(child, ExitReason.SHUTDOWN);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.SHUTDOWN));
            Timeouts.await(() -> sup.child("told-to-stop").isEmpty(), "the supervisor saw the child end");
            sup.stop();
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(sup.thread(), ExitReason.NORMAL));
        });
    }

    /**
     * A transient child that a linked partner's {@code shutdown} ends (uncaught) is not restarted:
     * it ends with {@code shutdown}, as an Erlang process killed by its link takes the reason.
     */
    @Test
    void transientChildEndedByItsPartnersShutdownIsNotRestarted() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread partner = s.spawn(() -> receive(LONG));
            Supervisor sup = Supervisor.builder().intensity(0, Duration.ofHours(1)) // a restart would make it give up
                    .child(ChildSpec.transientChild("linked", () -> {
                        link(partner);
                        Messaging.send("linked", me);
                        receive();
                    }))
                    .start();
            monitor(sup.thread());
            LocalThread child = sup.child("linked").orElseThrow();
            monitor(child);
            assertThat(receive(String.class, LONG)).isEqualTo("linked");
            exit(partner, ExitReason.SHUTDOWN);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.SHUTDOWN));
            Timeouts.await(() -> sup.child("linked").isEmpty(), "the supervisor saw the child end");
            sup.stop();
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(sup.thread(), ExitReason.NORMAL));
        });
    }

    /** A transient child that fails, or is ended with a reason of the caller's own, is restarted under its name. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void transientChildThatFailsIsRestarted(boolean throwsItself) {
        Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().intensity(1, Duration.ofHours(1))
                    .child(ChildSpec.transientChild("fails", () -> {
                        if (receive().equals("fail")) {
                            throw new Boom("the child failed");
                        }
                    }))
                    .start();
            LocalThread first = sup.child("fails").orElseThrow();
            if (throwsItself) {
                Messaging.send("fail", first);
            } else {
                exit(first, "custom reason");
            }
            Timeouts.await(() -> sup.child("fails").filter(c -> !c.equals(first)).isPresent(), "the child was restarted");
            sup.stop();
        });
    }

    /**
     * Starts a supervisor of {@link #CHILDREN} transient children that return at once, with no
     * restart allowed, waits until it has handled every child's end, stops it and returns the
     * reason it ended with: {@code normal}, unless a child was restarted and it gave up.
     */
    private static ExitReason superviseChildrenThatReturnAtOnce(String prefix) throws InterruptedException {
        Supervisor.Builder builder = Supervisor.builder().intensity(0, Duration.ofHours(1));
        for (int i = 0; i < CHILDREN; i++) {
            builder.child(ChildSpec.transientChild(prefix + i, () -> { }));
        }
        Supervisor sup = underCpuLoad(builder::start);
        monitor(sup.thread());
        try {
            for (int i = 0; i < CHILDREN; i++) {
                String name = prefix + i;
                Timeouts.await(() -> sup.child(name).isEmpty(), name + " ended for good");
            }
        } catch (NoSuchThreadException supervisorGaveUp) {
            // its Down says why
        }
        sup.stop();
        return receive(Down.class, LONG).reason();
    }

    /**
     * start() reports why a supervisor failed to start however soon it failed: a child whose
     * name is taken fails it at once, and start() throws with the registry's exception as the
     * cause, never a reason of noproc.
     */
    @Test
    void startReportsTheReasonOfASupervisorThatFailsAtOnce() {
        Scenario.run(s -> {
            LocalThread holder = s.spawn(() -> receive(LONG));
            Messaging.register("taken", holder);
            for (int i = 0; i < STARTS_THAT_FAIL; i++) {
                assertThatThrownBy(() -> underCpuLoad(() -> Supervisor.builder()
                        .child(ChildSpec.permanent("taken", () -> receive()))
                        .start()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageNotContaining("noproc")
                        .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("taken");
            }
            Messaging.send("stop", holder);
        });
    }

    /**
     * stop() consumes no Down of the caller's: a caller that monitors the supervisor gets its
     * one Down, already in its mailbox when stop() returns (its monitor's hook runs first).
     */
    @Test
    void stopLeavesTheCallersMonitorItsDown() {
        Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().child(ChildSpec.permanent("waiter", () -> receive())).start();
            monitor(sup.thread());
            sup.stop();
            assertThat(receive(Down.class, Duration.ZERO)).isEqualTo(new Down(sup.thread(), ExitReason.NORMAL));
        });
    }

    /**
     * A supervisor told to exit stops its children before it ends, as stop() does: while a child
     * is still finishing, the supervisor's monitors see no Down; once its Down arrives, no child
     * runs, and a supervisor started then can take their names (a parent restarting the subtree).
     */
    @Test
    void aSupervisorToldToExitEndsAfterItsChildren() {
        Scenario.run(s -> {
            CountDownLatch finishing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Supervisor sup = Supervisor.builder().child(ChildSpec.permanent("tidy", () -> {
                try {
                    receive();
                } finally { // a child that tidies up before it ends
                    finishing.countDown();
                    awaitUninterruptibly(release);
                }
            })).start();
            LocalThread child = sup.child("tidy").orElseThrow();
            monitor(sup.thread());
            exit(sup.thread(), ExitReason.SHUTDOWN);
            awaitUninterruptibly(finishing);
            assertThatThrownBy(() -> receive(Down.class, SHORT)).as("the supervisor waits for its child")
                    .isInstanceOf(ReceiveTimeoutException.class);
            release.countDown();
            assertThat(receive(Down.class, LONG).reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(child.isAlive()).as("the child ended before its supervisor").isFalse();
            Supervisor again = Supervisor.builder().child(ChildSpec.permanent("tidy", () -> receive())).start();
            again.stop();
        });
    }

    /**
     * The children are stopped one at a time, the last started first, each once the one started
     * after it has ended (as OTP does): a child that tidies up on its shutdown still has the
     * children started before it.
     */
    @Test
    void childrenAreStoppedOneAtATimeTheLastStartedFirst() {
        Scenario.run(s -> {
            List<String> names = List.of("first", "second", "third");
            java.util.Map<String, CountDownLatch> asked = new java.util.HashMap<>();
            java.util.Map<String, CountDownLatch> release = new java.util.HashMap<>();
            Supervisor.Builder builder = Supervisor.builder();
            for (String name : names) {
                asked.put(name, new CountDownLatch(1));
                release.put(name, new CountDownLatch(1));
                builder.child(ChildSpec.permanent(name, () -> {
                    try {
                        receive();
                    } finally { // told to stop: tidies up until the test lets it end
                        asked.get(name).countDown();
                        awaitUninterruptibly(release.get(name));
                    }
                }));
            }
            Supervisor sup = builder.start();
            Thread stopper = Thread.ofVirtual().start(sup::stop);
            for (int i = names.size() - 1; i >= 0; i--) {
                String name = names.get(i);
                awaitUninterruptibly(asked.get(name));
                for (String earlier : names.subList(0, i)) {
                    assertThat(asked.get(earlier).getCount()).as("'%s' asked to stop while '%s' tidies up", earlier, name)
                            .isEqualTo(1);
                    assertThat(sup.child(earlier)).as("'%s' while '%s' tidies up", earlier, name).isPresent();
                }
                release.get(name).countDown();
            }
            assertThat(stopper.join(LONG)).as("stop() returned").isTrue();
            assertThat(sup.thread().isAlive()).isFalse();
        });
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        for (;;) {
            try {
                if (latch.await(LONG.toNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                throw new AssertionError("the latch was not released within " + LONG);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** stop() on a supervisor that has already ended returns at once and leaves nothing in the mailbox. */
    @Test
    void stopOfAnEndedSupervisorReturnsAtOnce() {
        Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().child(ChildSpec.permanent("waiter", () -> receive())).start();
            sup.stop();
            assertThat(sup.thread().isAlive()).isFalse();
            sup.stop();
        });
    }

    /** child() names the running child, and throws NoSuchThreadException once the supervisor has ended. */
    @Test
    void childNamesTheRunningChildUntilTheSupervisorEnds() {
        Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().child(ChildSpec.permanent("named", () -> receive())).start();
            LocalThread child = sup.child("named").orElseThrow();
            assertThat(child.isAlive()).isTrue();
            assertThat(sup.child("unknown")).isEmpty();
            sup.stop();
            assertThatThrownBy(() -> sup.child("named")).isInstanceOf(NoSuchThreadException.class)
                    .hasMessageContaining("has ended");
        });
    }

    /**
     * child() never names a child that has ended, even before the supervisor has handled its end:
     * a temporary child whose end the caller has seen through its own monitor is gone.
     */
    @Test
    void childNeverNamesAChildThatHasEnded() {
        Scenario.run(s -> {
            for (int round = 0; round < 50; round++) {
                String name = "once-" + round;
                Supervisor sup = Supervisor.builder().child(ChildSpec.temporary(name, () -> receive())).start();
                LocalThread child = sup.child(name).orElseThrow();
                monitor(child);
                send("end", child);
                receive(Down.class, LONG);
                assertThat(sup.child(name)).as("child '%s' after its end", name).isEmpty();
                sup.stop();
            }
        });
    }

    /**
     * A thread threadwire did not start, told to exit while it starts a supervisor, gets its
     * exit signal from start(), and the supervisor it started stops its children.
     */
    @Test
    void startOnAnAdoptedThreadToldToExitThrowsTheSignalAndStopsTheSupervisor() {
        Scenario.run(Runner.PLATFORM, s -> {
            CompletableFuture<LocalThread> child = new CompletableFuture<>();
            toldToExit("bye");
            assertThatThrownBy(() -> Supervisor.builder()
                    .child(ChildSpec.permanent("orphan", () -> {
                        child.complete(self());
                        receive();
                    }))
                    .start()).isInstanceOf(ExitSignalException.class);
            LocalThread orphan = child.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            Timeouts.await(() -> !orphan.isAlive(), "the supervisor's child was stopped");
        });
    }

    /**
     * A child that ignores its shutdown for longer than the supervisor's patience does not hold
     * stop() past it: stop() returns, the supervisor ends normally, and a warning names the child
     * it leaves running, told to stop.
     */
    @Test
    void stopReturnsPastThePatienceAndNamesAChildThatIgnoresItsShutdown() {
        String name = "stubborn-" + System.nanoTime(); // names this test's log line
        CountDownLatch release = new CountDownLatch(1);
        List<String> lines = StderrCapture.linesOf(() -> Scenario.run(s -> {
            Supervisor sup = Supervisor.builder().stopPatience(SHORT)
                    .child(ChildSpec.permanent(name, () -> awaitIgnoringInterrupts(release)))
                    .start();
            LocalThread child = sup.child(name).orElseThrow();
            monitor(sup.thread());
            monitor(child);
            long start = System.nanoTime();
            sup.stop(); // throws if the supervisor had not ended within the patience and its margin
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long stop() took").isGreaterThanOrEqualTo(SHORT);
            assertThat(receive(Down.class, Duration.ZERO)).isEqualTo(new Down(sup.thread(), ExitReason.NORMAL));
            assertThat(child.isAlive()).as("the child ignored its shutdown").isTrue();
            release.countDown();
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(child, ExitReason.SHUTDOWN));
        }));
        List<String> ours = lines.stream().filter(l -> l.contains(name)).toList();
        assertThat(ours).as("lines about the child in %s", lines).hasSize(1);
        assertThat(ours.get(0)).contains("WARN").contains("did not end within " + SHORT).contains("runs on");
    }

    /** Waits until {@code latch} is released, ignoring every interrupt: a child that ignores its shutdown. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        for (;;) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // the supervisor's stop: ignored on purpose
            }
        }
    }

    /**
     * Has another thread tell the calling thread to exit with {@code reason}, and returns once it
     * is told: the caller's next wait throws the signal.
     */
    private static void toldToExit(Object reason) {
        LocalThread me = self();
        Thread teller = Thread.ofVirtual().start(() -> exit(me, reason));
        for (;;) {
            try {
                teller.join();
                return;
            } catch (InterruptedException signalled) {
                // the exit signal interrupts its target too; the signal itself stays pending
            }
        }
    }

    /**
     * Runs {@code action} while two platform threads spin, so that a carrier thread is now and
     * then descheduled between two steps of the supervisor: the window the start race needs.
     */
    private static <T> T underCpuLoad(Supplier<T> action) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            spinners.add(Thread.ofPlatform().daemon().name("cpu-load-" + i).start(() -> {
                while (!done.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        try {
            return action.get();
        } finally {
            done.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }
}
