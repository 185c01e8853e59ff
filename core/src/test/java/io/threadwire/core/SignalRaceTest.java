package io.threadwire.core;

import static io.threadwire.core.Messaging.demonitor;
import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.unlink;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code unlink} and {@code demonitor} racing with the end of the other thread: once they have
 * returned, the link or monitor has no effect, whatever the interleaving. Each test runs many
 * rounds in which the other thread ends at the same moment as the call.
 */
class SignalRaceTest {

    private static final int ROUNDS = Integer.getInteger("rounds", 200);

    /** After unlink returns, the failure of the formerly linked thread is never raised, even one already under way. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void noLinkedFailureAfterUnlink(Runner runner) {
        Scenario.run(runner, s -> {
            int raised = 0;
            for (int round = 0; round < ROUNDS; round++) {
                LocalThread child = s.spawnLinked(() -> {
                    receive(LONG);
                    throw new Boom("fails as it is unlinked");
                });
                send("fail", child);
                unlink(child);
                s.join(child);
                try {
                    receive(Duration.ZERO);
                    throw new AssertionError("no message was expected");
                } catch (LinkedThreadException e) {
                    raised++;
                } catch (ReceiveTimeoutException expected) {
                    // nothing: the link had no effect
                }
            }
            assertThat(raised).as("LinkedThreadExceptions raised after unlink returned, in %d rounds", ROUNDS)
                    .isZero();
        });
    }

    /** Linking again while the linked thread fails keeps one link: its failure is raised once. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void linkingAgainRaisesTheFailureOnce(Runner runner) {
        Scenario.run(runner, s -> {
            for (int round = 0; round < ROUNDS; round++) {
                Boom boom = new Boom("fails as it is linked again");
                LocalThread child = s.spawn(() -> {
                    receive(LONG);
                    throw boom;
                });
                link(child);
                send("fail", child);
                link(child); // a link to a thread that has ended by now raises noproc: allowed, and told apart
                s.join(child);
                int raised = 0;
                for (;;) {
                    try {
                        receive(Duration.ZERO);
                        throw new AssertionError("no message was expected");
                    } catch (LinkedThreadException e) {
                        raised += e.getCause() == boom ? 1 : 0;
                    } catch (ReceiveTimeoutException none) {
                        break;
                    }
                }
                assertThat(raised).as("the failure raised in round %d", round).isEqualTo(1);
            }
        });
    }

    /**
     * Two threads link each other at the same moment and one crashes as soon as its
     * {@code link} has returned: the other is told of the crash. Its own {@code link} may also
     * raise {@code noproc} if it came after the end, but never instead of the crash: a thread
     * whose {@code link} returned is linked, whoever asked first.
     */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void aCrashAfterLinkingIsRaisedWhenTheOtherLinksAtTheSameMoment(Runner runner) {
        int rounds = ROUNDS * 20; // the window is a few hundred nanoseconds wide
        Scenario.run(runner, s -> {
            LocalThread me = self();
            int missed = 0;
            for (int round = 0; round < rounds; round++) {
                Boom boom = new Boom("crashes once linked");
                LocalThread crashing = s.spawn(() -> {
                    link((LocalThread) receive(LONG));
                    throw boom;
                });
                LocalThread told = s.spawn(() -> {
                    List<ExitReason> raised = new ArrayList<>();
                    LocalThread other = null;
                    while (other == null) { // the other may have linked, and crashed, already
                        try {
                            other = (LocalThread) receive(LONG);
                        } catch (LinkedThreadException e) {
                            raised.add(e.reason());
                        }
                    }
                    link(other);
                    boolean collect = false;
                    while (!collect) {
                        try {
                            collect = receive(LONG).equals("collect");
                        } catch (LinkedThreadException e) {
                            raised.add(e.reason());
                        }
                    }
                    for (;;) {
                        try {
                            receive(Duration.ZERO);
                        } catch (LinkedThreadException e) {
                            raised.add(e.reason());
                        } catch (ReceiveTimeoutException none) {
                            break;
                        }
                    }
                    send(raised, me);
                });
                LocalThread hammer = s.spawn(() -> { // keeps the lock of the crashing thread's hooks busy
                    receive(LONG);
                    while (crashing.isAlive()) {
                        demonitor(monitor(crashing));
                    }
                    while (poll(m -> m instanceof Down) != null) {
                        // the Downs of monitors made as it ended
                    }
                });
                send("go", hammer);
                send(crashing, told);
                send(told, crashing);
                s.join(crashing);
                send("collect", told);
                @SuppressWarnings("unchecked")
                List<ExitReason> raised = (List<ExitReason>) receive(LONG);
                if (!raised.contains(new ExitReason.Crashed(boom))) {
                    missed++;
                }
                assertThat(raised).as("the signals raised in round %d", round).doesNotHaveDuplicates()
                        .isSubsetOf(new ExitReason.Crashed(boom), ExitReason.NOPROC);
                s.join(told);
            }
            assertThat(missed).as("rounds of %d in which the crash of a thread whose link had returned was not raised",
                    rounds).isZero();
        });
    }

    /** An exit signal racing with the thread's own end gives exactly one Down, with one reason or the other. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void exitRacingWithTheEndGivesOneDown(Runner runner) {
        Scenario.run(runner, s -> {
            for (int round = 0; round < ROUNDS; round++) {
                LocalThread child = s.spawn(() -> receive(LONG));
                monitor(child);
                send("end", child);
                exit(child, "told to");
                assertThat(receive(Down.class, LONG).reason())
                        .isIn(ExitReason.NORMAL, new ExitReason.Custom("told to"));
                s.join(child);
                assertThat(poll(m -> m instanceof Down)).isNull();
            }
        });
    }

    /**
     * After demonitor returns, no Down of that monitor is received, even when the Down was
     * delivered at the same moment and another thread is putting messages into the mailbox.
     */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void noDownAfterDemonitor(Runner runner) {
        int burst = 20; // messages another thread puts into the watcher's mailbox during each round
        Scenario.run(runner, s -> {
            LocalThread me = self();
            LocalThread noise = s.spawn(() -> {
                while (receive(LONG).equals("go")) {
                    for (int i = 0; i < burst; i++) {
                        send("noise", me);
                    }
                }
            });
            int seen = 0;
            for (int round = 0; round < ROUNDS; round++) {
                send("go", noise);
                LocalThread child = s.spawn(() -> receive(LONG));
                MonitorRef m = monitor(child);
                send("end", child);
                demonitor(m);
                s.join(child);
                for (int noiseLeft = burst; noiseLeft > 0; ) {
                    if (receive(LONG) instanceof Down) {
                        seen++;
                    } else {
                        noiseLeft--;
                    }
                }
                while (poll(msg -> msg instanceof Down) != null) {
                    seen++;
                }
            }
            send("stop", noise);
            assertThat(seen).as("Downs received after demonitor returned, in %d rounds", ROUNDS).isZero();
        });
    }

    /** The oldest message {@code filter} accepts, taken without waiting, or null if there is none. */
    private static Object poll(Predicate<Object> filter) {
        try {
            return receiveIf(filter, Duration.ZERO);
        } catch (ReceiveTimeoutException e) {
            return null;
        }
    }
}
