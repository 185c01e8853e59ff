package io.threadwire.core;

import static io.threadwire.core.Messaging.awaitServing;
import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.demonitor;
import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.handleSynchronous;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.register;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.core.Messaging.spawn;
import static io.threadwire.core.Messaging.spawnLinked;
import static io.threadwire.core.Messaging.unlink;
import static io.threadwire.core.Messaging.unregister;
import static io.threadwire.core.Messaging.whereis;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Misuse fails at once, with an exception that says what was wrong. */
class ArgumentValidationTest {

    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    /** A misuse: what it calls, for the report, and the call, given a live thread other than the caller. */
    private static Arguments misuse(String what, String parameter, Consumer<LocalThread> call) {
        return arguments(what, parameter, call);
    }

    static Stream<Arguments> nullArguments() {
        return Stream.of(
                misuse("spawn(null)", "body", t -> spawn(null)),
                misuse("spawn(null, body)", "name", t -> spawn(null, () -> { })),
                misuse("spawnLinked(null)", "body", t -> spawnLinked(null)),
                misuse("send(null, to)", "message", t -> send(null, t)),
                misuse("send(m, null)", "to", t -> send("m", null)),
                misuse("receive((Duration) null)", "timeout", t -> receive((Duration) null)),
                misuse("receive((Class) null)", "type", t -> receive((Class<?>) null)),
                misuse("receive(type, null)", "timeout", t -> receive(String.class, null)),
                misuse("receiveIf(null)", "filter", t -> receiveIf(null)),
                misuse("receiveIf(filter, null)", "timeout", t -> receiveIf(m -> true, null)),
                misuse("sendSynchronous(null, to)", "message", t -> sendSynchronous(null, t)),
                misuse("sendSynchronous(m, null)", "to", t -> sendSynchronous("m", null)),
                misuse("sendSynchronous(m, to, null)", "timeout", t -> sendSynchronous("m", t, null)),
                misuse("callAsync(null, to)", "message", t -> callAsync(null, t)),
                misuse("callAsync(m, null)", "to", t -> callAsync("m", null)),
                misuse("callAsync(m, to, null)", "timeout", t -> callAsync("m", t, null)),
                misuse("awaitServing(null, handler)", "future", t -> awaitServing(null, d -> d)),
                misuse("awaitServing(future, null)", "handler", t -> awaitServing(new CompletableFuture<>(), null)),
                misuse("sendAfter(null, m, to)", "delay", t -> sendAfter(null, "m", t)),
                misuse("sendAfter(d, null, to)", "message", t -> sendAfter(Duration.ZERO, null, t)),
                misuse("sendAfter(d, m, null)", "to", t -> sendAfter(Duration.ZERO, "m", null)),
                misuse("exit(null, reason)", "thread", t -> exit(null, "r")),
                misuse("exit(thread, null)", "reason", t -> exit(t, null)),
                misuse("replySynchronous(null, request)", "reply", t -> replySynchronous(null, new Synchronous("q", t, 1))),
                misuse("replySynchronous(r, null)", "request", t -> replySynchronous("r", null)),
                misuse("handleSynchronous(null)", "handler", t -> handleSynchronous(null)),
                misuse("monitor(null)", "target", t -> monitor(null)),
                misuse("demonitor(null)", "monitor", t -> demonitor(null)),
                misuse("link(null)", "other", t -> link(null)),
                misuse("unlink(null)", "other", t -> unlink(null)),
                misuse("register(null, thread)", "name", t -> register(null, t)),
                misuse("register(name, null)", "thread", t -> register("ArgumentValidationTest", null)),
                misuse("unregister(null)", "name", t -> unregister(null)),
                misuse("whereis(null)", "name", t -> whereis(null)));
    }

    /** A null argument throws NullPointerException whose message is the parameter's name. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("nullArguments")
    void nullArgumentIsNamed(String what, String parameter, Consumer<LocalThread> call) {
        Scenario.run(s -> {
            LocalThread other = s.spawn(() -> assertThat(receive(LONG)).isEqualTo("stop"));
            assertThatThrownBy(() -> call.accept(other)).isInstanceOf(NullPointerException.class).hasMessage(parameter);
            send("stop", other); // it got nothing else
        });
    }

    static Stream<Arguments> negativeTimeouts() {
        return Stream.of(
                misuse("receive(-1ms)", "timeout", t -> receive(NEGATIVE)),
                misuse("receive(type, -1ms)", "timeout", t -> receive(String.class, NEGATIVE)),
                misuse("receiveIf(filter, -1ms)", "timeout", t -> receiveIf(m -> true, NEGATIVE)),
                misuse("sendSynchronous(m, to, -1ms)", "timeout", t -> sendSynchronous("m", t, NEGATIVE)),
                misuse("callAsync(m, to, -1ms)", "timeout", t -> callAsync("m", t, NEGATIVE)),
                misuse("sendAfter(-1ms, m, to)", "delay", t -> sendAfter(NEGATIVE, "m", t)));
    }

    /** A negative timeout throws IllegalArgumentException saying so, and sends nothing. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("negativeTimeouts")
    void negativeTimeoutIsRefused(String what, String parameter, Consumer<LocalThread> call) {
        Scenario.run(s -> {
            LocalThread other = s.spawn(() -> assertThat(receive(LONG)).isEqualTo("stop"));
            assertThatThrownBy(() -> call.accept(other)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(parameter).hasMessageContaining("negative");
            send("stop", other); // it got nothing else
        });
    }

    /** A blank name is refused with IllegalArgumentException. */
    @Test
    void blankNameIsRefused() {
        Scenario.run(s -> {
            assertThatThrownBy(() -> register(" ", self())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("blank");
            assertThatThrownBy(() -> whereis("")).isInstanceOf(IllegalArgumentException.class);
        });
    }

    /** demonitor from a thread other than the one that made the monitor throws WrongThreadException and removes nothing. */
    @Test
    void demonitorFromAnotherThreadIsRefused() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread watched = s.spawn(() -> receive(LONG));
            MonitorRef m = monitor(watched);
            s.spawn(() -> {
                try {
                    demonitor(m);
                    send("demonitor was allowed", me);
                } catch (WrongThreadException e) {
                    send(e, me);
                }
            });
            assertThat(receive(LONG)).isInstanceOfSatisfying(WrongThreadException.class,
                    e -> assertThat(e).hasMessageContaining("thread that made the monitor"));
            send("stop", watched);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(watched, ExitReason.NORMAL)); // still in place
        });
    }

    /** A restart window that cannot be counted in nanoseconds is refused when given, not when the supervisor starts. */
    @Test
    void aRestartWindowBeyondACenturyIsRefused() {
        assertThatThrownBy(() -> Supervisor.builder().intensity(3, java.time.Duration.ofDays(365L * 300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give a shorter one");
        assertThatCode(() -> Supervisor.builder().intensity(3, java.time.Duration.ofDays(365L * 100))).doesNotThrowAnyException();
    }
}
