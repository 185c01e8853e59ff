package io.threadwire.core;

import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.core.Messaging.unlink;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.testkit.Timeouts.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Links: a failure at one end is raised at the other end's next receive. */
class LinkTest {

    /** A spawnLinked child's death by an exception makes the parent's next receive throw LinkedThreadException carrying the child and the cause. */
    @Test
    void childCrashIsRaisedInParent() {
        Boom boom = new Boom("child failed");
        Scenario.run(s -> {
            LocalThread child = s.spawnLinked(() -> {
                receive(LONG);
                throw boom;
            });
            send("crash", child);
            assertThatThrownBy(() -> receive(LONG))
                    .isInstanceOfSatisfying(LinkedThreadException.class, e -> {
                        assertThat(e.thread()).isSameAs(child);
                        assertThat(e.reason()).isEqualTo(new ExitReason.Crashed(boom));
                        assertThat(e.getCause()).isSameAs(boom);
                    });
            Scenario.assertMailboxEmpty(); // raised once
        });
    }

    /**
     * A thread that does not catch its partner's {@code shutdown} ends with {@code shutdown}, as
     * an Erlang process that does not trap exits; its own partners are told {@code shutdown}.
     */
    @Test
    void uncaughtLinkedShutdownEndsTheThreadWithShutdown() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread partner = s.spawn(() -> receive(LONG));
            LocalThread linked = Messaging.spawn(() -> { // ends by what it does not catch: the test's to watch
                link(partner);
                send("linked", me);
                receive(LONG);
            });
            assertThat(receive(LONG)).isEqualTo("linked");
            Messaging.monitor(linked);
            s.spawn(() -> {
                link(linked);
                send("watching", me);
                try {
                    receive(LONG);
                } catch (LinkedThreadException e) {
                    send(e.reason(), me);
                }
            });
            assertThat(receive(LONG)).isEqualTo("watching");
            Messaging.exit(partner, ExitReason.SHUTDOWN);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(linked, ExitReason.SHUTDOWN));
            assertThat(receive(LONG)).as("what its own link tells").isEqualTo(ExitReason.SHUTDOWN);
        });
    }

    /** A thread that does not catch its partner's crash ends crashed by the LinkedThreadException, which carries the cause. */
    @Test
    void uncaughtLinkedCrashEndsTheThreadCrashed() {
        Boom boom = new Boom("partner failed");
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread partner = s.spawn(() -> {
                receive(LONG);
                throw boom;
            });
            LocalThread linked = s.spawn(() -> {
                link(partner);
                send("linked", me);
                receive(LONG);
            });
            assertThat(receive(LONG)).isEqualTo("linked");
            Messaging.monitor(linked);
            send("crash", partner);
            assertThat(receive(Down.class, LONG).reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                    c -> assertThat(c.exception()).isInstanceOf(LinkedThreadException.class).hasCause(boom));
        });
    }

    /** A spawnLinked child that returns normally raises nothing in its parent. */
    @Test
    void childNormalEndIsNotRaised() {
        Scenario.run(s -> {
            LocalThread child = s.spawnLinked(() -> receive(LONG));
            send("stop", child);
            s.join(child); // its end, and whatever it signals, is done
            Scenario.assertMailboxEmpty();
        });
    }

    /** Linking to a thread that has already ended raises noproc at the next receive. */
    @Test
    void linkToEndedThreadRaisesNoproc() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            link(ended);
            assertThatThrownBy(() -> receive(LONG))
                    .isInstanceOfSatisfying(LinkedThreadException.class, e -> {
                        assertThat(e.thread()).isSameAs(ended);
                        assertThat(e.reason()).isEqualTo(ExitReason.NOPROC);
                    });
        });
    }

    /** A parent's death by an exception reaches its spawnLinked child: links go both ways. */
    @Test
    void parentCrashIsRaisedInChild() {
        Boom boom = new Boom("parent failed");
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread parent = s.spawn(() -> {
                s.spawnLinked(() -> {
                    try {
                        receive(LONG);
                        send("no failure raised", me);
                    } catch (LinkedThreadException e) {
                        send(e, me);
                    }
                });
                send(self(), me);
                throw boom;
            });
            assertThat(receive(LONG)).isSameAs(parent);
            assertThat(receive(LONG)).isInstanceOfSatisfying(LinkedThreadException.class, e -> {
                assertThat(e.thread()).isSameAs(parent);
                assertThat(e.getCause()).isSameAs(boom);
            });
        });
    }

    /** A link made with link() raises the other thread's failure too. */
    @Test
    void linkRaisesTheOtherThreadsCrash() {
        Boom boom = new Boom("other failed");
        Scenario.run(s -> {
            LocalThread other = s.spawn(() -> {
                receive(LONG);
                throw boom;
            });
            link(other);
            send("crash", other);
            assertThatThrownBy(() -> receive(LONG)).isInstanceOf(LinkedThreadException.class).hasCause(boom);
        });
    }

    /** After unlink, the other thread's failure is not raised. */
    @Test
    void unlinkRemovesTheLink() {
        Scenario.run(s -> {
            LocalThread child = s.spawnLinked(() -> {
                receive(LONG);
                throw new Boom("after unlink");
            });
            unlink(child);
            send("crash", child);
            s.join(child);
            Scenario.assertMailboxEmpty();
        });
    }

    /** A linked thread's failure ends a synchronous call the thread is waiting in, at once. */
    @Test
    void linkedCrashEndsAPendingCall() {
        Boom boom = new Boom("linked thread failed");
        Scenario.run(s -> {
            LocalThread child = s.spawnLinked(() -> {
                receive(LONG);
                throw boom;
            });
            LocalThread server = s.spawn(() -> {
                LocalThread toCrash = (LocalThread) receive(LONG);
                receive(Synchronous.class, LONG); // the caller is now in its call; it gets no reply
                send("crash", toCrash);
                receive(LONG);
            });
            send(child, server);
            long start = System.nanoTime();
            assertThatThrownBy(() -> sendSynchronous("q", server, LONG))
                    .isInstanceOf(LinkedThreadException.class).hasCause(boom);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
            send("stop", server);
        });
    }
}
