package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Held messages are delivered once each, in the order they were held, and none is held after. */
class HeldDeliveriesTest {
    @Test
    void aRunIsDeliveredOnceInOrder() {
        LocalThread me = Messaging.self();
        HeldDeliveries held = new HeldDeliveries();
        assertThat(held.isEmpty()).isTrue();
        for (int i = 0; i < 100; i++) { // more than the arrays start with
            assertThat(held.add(me, i)).as("a run of %d is full", i + 1).isFalse();
        }
        assertThat(held.isEmpty()).isFalse();
        List<Object> delivered = new ArrayList<>();
        held.deliverAll((t, m, from, to) -> {
            assertThat(t).isSameAs(me);
            delivered.addAll(Arrays.asList(m).subList(from, to));
        });
        assertThat(delivered).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(held.isEmpty()).isTrue();
        held.deliverAll((t, m, from, to) -> delivered.add("again"));
        assertThat(delivered).hasSize(100);
        held.add(me, "next run");
        held.deliverAll((t, m, from, to) -> delivered.addAll(Arrays.asList(m).subList(from, to)));
        assertThat(delivered).hasSize(101).last().isEqualTo("next run");
    }

    /**
     * Consecutive messages for one thread are handed over as one run (one mailbox put), and the
     * runs in the order held: a thread's messages keep their order, and so does the interleaving.
     */
    @Test
    void consecutiveMessagesForOneThreadAreOneRun() throws InterruptedException {
        LocalThread a = Messaging.self();
        LocalThread[] b = new LocalThread[1];
        Thread t = Thread.ofVirtual().start(() -> b[0] = Messaging.self());
        t.join();
        HeldDeliveries held = new HeldDeliveries();
        held.add(a, "a1");
        held.add(a, "a2");
        held.add(b[0], "b1");
        held.add(a, "a3");
        List<String> runs = new ArrayList<>();
        held.deliverAll((target, m, from, to) ->
                runs.add((target == a ? "a" : "b") + Arrays.asList(m).subList(from, to)));
        assertThat(runs).containsExactly("a[a1, a2]", "b[b1]", "a[a3]");
    }

    /** A run of {@value HeldDeliveries#MAX_RUN} says it is to be delivered now. */
    @Test
    void aLongRunAsksToBeDelivered() {
        LocalThread me = Messaging.self();
        HeldDeliveries held = new HeldDeliveries();
        for (int i = 1; i < HeldDeliveries.MAX_RUN; i++) {
            assertThat(held.add(me, i)).isFalse();
        }
        assertThat(held.add(me, HeldDeliveries.MAX_RUN)).isTrue();
    }
}
