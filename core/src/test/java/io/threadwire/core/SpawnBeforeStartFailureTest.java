package io.threadwire.core;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.spi.LocalThreads;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A node's spawn whose step before the start ({@code beforeStart}: a link or watch the node
 * makes) throws: the thread already exists and its node knows it, so it must still end, or the
 * node would keep it for good and a watch made before the failure would wait for ever.
 */
class SpawnBeforeStartFailureTest {

    @Test
    void aThreadWhoseSpawnFailedBeforeItRanEndsWithThatFailureAndNeverRunsItsBody() {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<LocalThread> made = new AtomicReference<>();
        IllegalStateException refused = new IllegalStateException("refused before the start");
        try (StubTransport node = StubTransport.installed()) {
            assertThatThrownBy(() -> LocalThreads.spawn(node, "doomed", () -> ran.set(true), t -> {
                made.set(t);
                monitor(t); // a watch made before the failure, as a node's remote spawn makes one
                throw refused;
            })).isSameAs(refused);
            Object down = receive(LONG);
            assertThat(down).isInstanceOfSatisfying(Down.class, d -> {
                assertThat(d.ref()).isEqualTo(made.get());
                assertThat(d.reason()).isEqualTo(new ExitReason.Crashed(refused));
            });
            assertThat(made.get().isAlive()).isFalse();
            assertThat(ran).as("the body never runs").isFalse();
        }
    }
}
