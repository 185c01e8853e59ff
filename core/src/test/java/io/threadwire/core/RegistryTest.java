package io.threadwire.core;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.register;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.unregister;
import static io.threadwire.core.Messaging.whereis;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The local name registry: register, unregister, whereis. */
class RegistryTest {

    /** The registry is one per JVM: each test uses a name of its own and must leave it free. */
    private String name;

    @BeforeEach
    void pickName(TestInfo test) {
        name = "RegistryTest." + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void nameIsFree() {
        assertThat(whereis(name)).as("leftover registration of '%s'", name).isEmpty();
    }

    /** whereis finds a registered thread until its name is unregistered. */
    @Test
    void registerWhereisUnregister() {
        Scenario.run(s -> {
            LocalThread t = s.spawn(() -> receive(LONG));
            assertThat(whereis(name)).isEmpty();
            register(name, t);
            assertThat(whereis(name)).containsSame(t);
            register(name, t); // again, to the same thread: no change
            assertThat(whereis(name)).containsSame(t);

            assertThat(unregister(name)).isTrue();
            assertThat(whereis(name)).isEmpty();
            assertThat(unregister(name)).isFalse();
            send("stop", t);
        });
    }

    /** A thread's name is freed when the thread ends, and can then be given to another thread. */
    @Test
    void nameIsFreedWhenItsThreadEnds() {
        Scenario.run(s -> {
            LocalThread first = s.spawn(() -> receive(LONG));
            register(name, first);
            monitor(first);
            send("stop", first);
            assertThat(receive(Down.class, LONG)).isEqualTo(new Down(first, ExitReason.NORMAL));
            assertThat(whereis(name)).isEmpty();
            s.join(first); // everything its end does is done: the entry itself is gone, not just hidden
            assertThat(unregister(name)).isFalse();

            LocalThread second = s.spawn(() -> receive(LONG));
            register(name, second);
            assertThat(whereis(name)).containsSame(second);
            unregister(name);
            send("stop", second);
        });
    }

    /** Registering a name another live thread holds fails with a message naming the name and its holder. */
    @Test
    void takenNameIsRefused() {
        Scenario.run(s -> {
            LocalThread holder = s.spawn(() -> receive(LONG));
            LocalThread other = s.spawn(() -> receive(LONG));
            register(name, holder);
            assertThatThrownBy(() -> register(name, other))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("already registered")
                    .hasMessageContaining(holder.toString())
                    .hasMessageContaining("unregister it first");
            assertThat(whereis(name)).containsSame(holder);
            unregister(name);
            send("stop", holder);
            send("stop", other);
        });
    }

    /** Registering a thread that has ended fails with NoSuchThreadException and leaves the name free. */
    @Test
    void endedThreadCannotBeRegistered() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            assertThatThrownBy(() -> register(name, ended)).isInstanceOf(NoSuchThreadException.class)
                    .hasMessageContaining(name);
        });
    }
}
