package io.threadwire.distributed.internal.cluster.members;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Delays that double from {@code first} up to {@code max}, each within ±20 % so that nodes do not retry in step. */
record Backoff(Duration first, Duration max) {

    /** The delay after {@code previous} (null: the first). */
    Duration next(Duration previous) {
        if (previous == null) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    /** {@code delay} within ±20 %. */
    static Duration jittered(Duration delay) {
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos(Math.max(1, (long) (delay.toNanos() * factor)));
    }
}
