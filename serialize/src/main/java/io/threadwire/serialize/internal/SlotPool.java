package io.threadwire.serialize.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Reusable objects that one thread at a time may use (Kryo instances, output buffers), shared
 * by every thread of a node. A thread takes an object from one of a fixed number of slots with
 * one compare-and-set and puts it back into an empty slot the same way; with every slot empty
 * it makes a new object, and an object returned to a full pool is left to the collector. Never
 * blocks and takes no lock: Kryo's own pool guards a queue with two locks, and under load a
 * sending thread spent about a fifth of its time in them.
 *
 * <p>Each thread starts looking at a slot chosen by its id, so that threads that encode at the
 * same time mostly touch different slots, and a thread that encodes message after message
 * finds the object it returned a moment before.
 */
public final class SlotPool<T> {
    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    /** @param size how many idle objects the pool keeps, at least 1 */
    public SlotPool(int size, Supplier<T> factory) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool keeps at least one object: " + size);
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.factory = factory;
    }

    /** An idle object of the pool, or a new one. */
    public T obtain() {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            T t = slots.getPlain(k);
            if (t != null && slots.compareAndSet(k, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /** Gives {@code t} back for another thread to use; the caller must not touch it again. */
    public void free(T t) {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            if (slots.getPlain(k) == null && slots.compareAndSet(k, null, t)) {
                return;
            }
        }
    }

    /** Idle objects held now (for tests). */
    int idle() {
        int idle = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                idle++;
            }
        }
        return idle;
    }

    private static int start(int n) {
        return (int) Long.remainderUnsigned(Thread.currentThread().threadId(), n);
    }
}
