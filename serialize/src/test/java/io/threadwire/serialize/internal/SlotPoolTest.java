package io.threadwire.serialize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

    /** A pooled object that knows whether a thread holds it. */
    static final class Held {
        final AtomicBoolean inUse = new AtomicBoolean();
    }

    @Test
    void anObjectGivenBackIsTheNextOneTaken() {
        AtomicInteger made = new AtomicInteger();
        SlotPool<Object> pool = new SlotPool<>(4, () -> {
            made.incrementAndGet();
            return new Object();
        });
        Object first = pool.obtain();
        pool.free(first);
        assertThat(pool.obtain()).isSameAs(first);
        assertThat(made).hasValue(1);
    }

    @Test
    void anEmptyPoolMakesNewObjectsAndAFullOneKeepsOnlyItsSize() {
        SlotPool<Object> pool = new SlotPool<>(2, Object::new);
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.obtain());
        }
        assertThat(taken).doesNotHaveDuplicates();
        taken.forEach(pool::free);
        assertThat(pool.idle()).isEqualTo(2);
    }

    @Test
    void aPoolKeepsAtLeastOneObject() {
        assertThatThrownBy(() -> new SlotPool<>(0, Object::new)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    @Test
    void noObjectIsHeldByTwoThreadsAtOnce() throws Exception {
        SlotPool<Held> pool = new SlotPool<>(3, Held::new);
        AtomicInteger shared = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    Held h = pool.obtain();
                    if (!h.inUse.compareAndSet(false, true)) {
                        shared.incrementAndGet();
                    }
                    if (i % 7 == 0) {
                        Thread.yield(); // let another thread look at the slots while this one holds
                    }
                    h.inUse.set(false);
                    pool.free(h);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(shared).hasValue(0);
        assertThat(pool.idle()).isBetween(1, 3);
    }
}
