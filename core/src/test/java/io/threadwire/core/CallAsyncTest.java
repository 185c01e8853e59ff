package io.threadwire.core;

import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.testkit.Timeouts.SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Scenario.Runner;
import io.threadwire.core.internal.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** callAsync: a call whose reply is a future, completed or failed as sendSynchronous would return or throw. */
class CallAsyncTest {

    /** A server that answers {@code count} requests, each with its data plus 3. */
    private static Runnable addThree(int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                Synchronous request = receive(Synchronous.class, LONG);
                replySynchronous((Integer) request.data() + 3, request);
            }
        };
    }

    /** The future completes with the reply. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void completesWithTheReply(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread server = s.spawn(addThree(2));
            assertThat(callAsync(5, server).get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(8);
            assertThat(callAsync(6, server, LONG).get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(9);
        });
    }

    /** A call to a thread that has ended fails at once with NoSuchThreadException. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void targetMissingFailsAtOnce(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            CompletableFuture<Object> reply = callAsync("q", ended, LONG);
            assertThat(reply).isCompletedExceptionally();
            assertThat(failure(reply)).isInstanceOfSatisfying(NoSuchThreadException.class,
                    e -> assertThat(e.target()).isSameAs(ended));
        });
    }

    /** A call whose target dies before replying fails with CallFailedException carrying the exception. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void targetEndingFailsTheCall(Runner runner) {
        Boom boom = new Boom("server failed");
        Scenario.run(runner, s -> {
            LocalThread server = s.spawn(() -> {
                receive(Synchronous.class, LONG);
                throw boom;
            });
            assertThat(failure(callAsync("q", server))).isExactlyInstanceOf(CallFailedException.class)
                    .isInstanceOfSatisfying(CallFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(new ExitReason.Crashed(boom));
                        assertThat(e.getCause()).isSameAs(boom);
                    });
        });
    }

    /** A call that gets no reply in time fails with ReceiveTimeoutException; the late reply is discarded and counted. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void timeoutFailsTheCallAndTheLateReplyIsDiscarded(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                assertThat(receive(LONG)).isEqualTo("reply now");
                replySynchronous("late", request);
                send("replied", me);
            });
            assertThat(failure(callAsync("q", server, SHORT))).isInstanceOf(ReceiveTimeoutException.class);
            long late = Stats.lateReplies();
            send("reply now", server);
            assertThat(receive(LONG)).isEqualTo("replied"); // the late reply did not come as a message before it
            assertThat(Stats.lateReplies()).isEqualTo(late + 1);
        });
    }

    /** Cancelling the future stops the call: the target's end no longer concerns it, and its reply is discarded. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void cancelStopsTheCall(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                assertThat(receive(LONG)).isEqualTo("reply now");
                replySynchronous("after the cancel", request);
                send("replied", me);
            });
            CompletableFuture<Object> reply = callAsync("q", server);
            assertThat(reply.cancel(false)).isTrue();
            long late = Stats.lateReplies();
            send("reply now", server);
            assertThat(receive(LONG)).isEqualTo("replied");
            assertThat(Stats.lateReplies()).isEqualTo(late + 1);
            assertThat(reply.isCancelled()).isTrue();
        });
    }

    /**
     * Cancelled calls leave nothing behind: neither a watch on their target nor an entry in the
     * caller's table of calls (heap growth per call, after a full collection, is far below what
     * one call holds while under way).
     */
    @Test
    void cancelledCallsLeaveNothingBehind() {
        int calls = 100_000;
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> { // takes every request and answers only "drained?"
                for (;;) {
                    Synchronous r = receive(Synchronous.class, LONG);
                    if (r.data().equals("drained?")) {
                        replySynchronous("drained", r);
                        assertThat(receive(LONG)).isEqualTo("stop"); // alive while the heap is measured
                        return;
                    }
                }
            });
            callAsync(0, server).cancel(false); // the first call makes the caller's table of calls
            long before = usedHeapAfterGc();
            for (int i = 0; i < calls; i++) {
                callAsync(i, server).cancel(false);
            }
            assertThat(callAsync("drained?", server, LONG).get(LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("drained");
            double perCall = (double) (usedHeapAfterGc() - before) / calls;
            send("stop", server);
            System.out.printf("[CallAsyncTest] heap growth after %,d cancelled calls: %.1f bytes/call%n", calls, perCall);
            assertThat(perCall).as("heap growth per cancelled call, in bytes").isLessThan(64);
        });
    }

    /**
     * Replies racing with timeouts: every call completes once, with its reply or with the
     * timeout, and every reply that came too late is counted as late: none is lost uncounted.
     */
    @Test
    void everyReplyCompletesItsCallOrIsCountedLate() {
        int calls = 2_000;
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> {
                for (int i = 0; i < calls; i++) {
                    Synchronous r = receive(Synchronous.class, LONG);
                    replySynchronous(r.data(), r);
                }
            });
            long lateBefore = Stats.lateReplies();
            List<CompletableFuture<Object>> replies = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                replies.add(callAsync(i, server, Duration.ofNanos(i % 2 == 0 ? 1 : 200_000)));
            }
            int timedOut = 0;
            for (int i = 0; i < calls; i++) {
                try {
                    assertThat(replies.get(i).get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ReceiveTimeoutException.class);
                    timedOut++;
                }
            }
            s.join(server); // it has sent every reply
            System.out.printf("[CallAsyncTest] %,d of %,d calls timed out%n", timedOut, calls);
            assertThat(Stats.lateReplies() - lateBefore).isEqualTo(timedOut);
        });
    }

    /** 10,000 calls can be under way from one thread at once; each future gets its own reply. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void tenThousandInFlightFromOneThread(Runner runner) {
        int calls = 10_000;
        Scenario.run(runner, s -> {
            LocalThread server = s.spawn(() -> {
                List<Synchronous> requests = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                    requests.add(receive(Synchronous.class, LONG));
                }
                for (int i = calls - 1; i >= 0; i--) { // answer all of them, the last first
                    Synchronous r = requests.get(i);
                    replySynchronous((Integer) r.data() * 2, r);
                }
            });
            List<CompletableFuture<Object>> replies = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                replies.add(callAsync(i, server, LONG));
            }
            for (int i = 0; i < calls; i++) {
                assertThat(replies.get(i).get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i * 2);
            }
        });
    }

    /** A thread of a pool that threadwire did not start can make calls and wait for them. */
    @Test
    void worksFromAPoolThread() throws Exception {
        Scenario.run(s -> {
            LocalThread server = s.spawn(addThree(1));
            ExecutorService pool = Executors.newFixedThreadPool(1);
            try {
                Object reply = pool.submit(() -> callAsync(5, server, LONG).join())
                        .get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(reply).isEqualTo(8);
            } finally {
                pool.shutdown();
            }
        });
    }

    /** When the calling thread ends before the reply, its future is cancelled: no reply can reach it any more. */
    @Test
    void callerEndingCancelsItsCalls() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread silent = s.spawn(() -> {
                receive(Synchronous.class, LONG); // never answers
                receive(LONG);
            });
            s.join(s.spawn(() -> send(callAsync("q", silent), me)));
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> orphan = (CompletableFuture<Object>) receive(LONG);
            assertThat(failure(orphan)).isInstanceOf(CancellationException.class);
            send("stop", silent);
        });
    }

    /** How a calling thread ends, in the tests of its calls' fate. */
    enum Ending {
        RETURNS, THROWS
    }

    /**
     * A call a thread made to itself is cancelled when the thread ends, with or without a timeout
     * and however the thread ends, as any call whose caller ended: it does not fail as a call to
     * a thread that ended.
     */
    @ParameterizedTest(name = "{0}, timeout {1}")
    @CsvSource({"RETURNS, false", "RETURNS, true", "THROWS, false", "THROWS, true"})
    void callerEndingCancelsItsCallToItself(Ending ending, boolean withTimeout) {
        Scenario.run(s -> {
            LocalThread me = self();
            s.join(s.spawn(() -> {
                send(withTimeout ? callAsync("q", self(), LONG) : callAsync("q", self()), me);
                if (ending == Ending.THROWS) {
                    throw new Boom("the caller failed");
                }
            }));
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> orphan = (CompletableFuture<Object>) receive(LONG);
            assertThat(failure(orphan)).isInstanceOf(CancellationException.class);
            assertThat(orphan.isCancelled()).isTrue();
        });
    }

    /** The future is completed on a thread of its own, not on the replying thread, so stages chained to it never run there. */
    @Test
    void chainedStagesDoNotRunOnTheReplyingThread() {
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                replySynchronous("reply", request);
                receive(LONG); // stays alive until the stage has run
            });
            Thread replying = s.thread(server);
            CompletableFuture<Thread> ranOn = callAsync("q", server, LONG).thenApply(reply -> Thread.currentThread());
            assertThat(ranOn.get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isNotSameAs(replying);
            send("stop", server);
        });
    }

    /** Call tags are not a sequence a peer could guess: those of one thread's calls are distinct and not consecutive. */
    @Test
    void tagsAreNotSequential() {
        Scenario.run(s -> {
            int calls = 100;
            LocalThread server = s.spawn(() -> {
                for (int i = 0; i < calls; i++) {
                    Synchronous r = receive(Synchronous.class, LONG);
                    replySynchronous(r.tag(), r);
                }
            });
            Set<Long> tags = new HashSet<>();
            long previous = 0;
            int consecutive = 0;
            for (int i = 0; i < calls; i++) {
                long tag = (Long) callAsync(i, server, LONG).join();
                tags.add(tag);
                consecutive += Math.abs(tag - previous) < 1_000_000 ? 1 : 0;
                previous = tag;
            }
            assertThat(tags).hasSize(calls);
            assertThat(consecutive).as("tags close to the one before").isLessThanOrEqualTo(1);
        });
    }

    /** Heap in use after a full collection. */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The exception a future failed with (waiting for it as long as it takes, up to LONG). */
    private static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the call succeeded with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A call made in a stage chained to another call's future completes with its reply, though
     * the stage returned long before the reply came.
     */
    @Test
    void aCallComposedOnAReplyCompletesWithItsReply() throws Exception {
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> {
                Synchronous first = receive(Synchronous.class, LONG);
                Messaging.receiveIf("first"::equals, LONG); // once the stage is chained: it then runs on the reply's thread
                replySynchronous(first.data(), first);
                Synchronous second = receive(Synchronous.class, LONG);
                Messaging.receiveIf("second"::equals, LONG); // once the stage has returned
                replySynchronous(second.data(), second);
            });
            CompletableFuture<Thread> stage = new CompletableFuture<>();
            CompletableFuture<LocalThread> stageSelf = new CompletableFuture<>();
            CompletableFuture<Object> composed = callAsync(1, server).thenCompose(r -> {
                CompletableFuture<Object> inner = callAsync(2, server);
                stageSelf.complete(self());
                stage.complete(Thread.currentThread());
                return inner;
            });
            send("first", server);
            Thread stageThread = stage.get(LONG.toSeconds(), TimeUnit.SECONDS);
            Messaging.monitor(stageSelf.get());
            // the stage has returned: its thread waits for the call it made (or, if it ended, its end is seen through)
            io.threadwire.testkit.Timeouts.await(() -> stageThread.getState() == Thread.State.WAITING
                    || stageThread.getState() == Thread.State.TERMINATED, "the stage returned");
            boolean endedFirst = stageThread.getState() == Thread.State.TERMINATED;
            if (endedFirst) {
                receive(Down.class, LONG);
            }
            send("second", server);

            assertThat(composed.get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
            if (!endedFirst) {
                receive(Down.class, LONG); // and once its call is over, the stage's thread ends
            }
        });
    }
}
