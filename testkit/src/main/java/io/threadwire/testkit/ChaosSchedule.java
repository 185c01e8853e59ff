package io.threadwire.testkit;

import io.threadwire.testkit.internal.Fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The schedule of a chaos run, made from its seed alone: the same seed, duration, number of
 * nodes, heartbeat timeout and kinds of fault always give the same steps, on any machine
 * ({@link SplittableRandom}'s sequence is specified). Faults last between half and twice the
 * heartbeat timeout, so some are noticed by the failure detector and some pass unnoticed; the
 * gaps between them are a quarter to one heartbeat timeout; no two steps involve one node at
 * once, and each node settles for a heartbeat timeout after a fault on it.
 */
final class ChaosSchedule {
    /** The rates a chaos throttle picks from, bytes per second. */
    private static final long[] RATES = {16 << 10, 64 << 10, 256 << 10, 1 << 20};

    /** One planned fault: put at {@code atMillis} after the start, lifted {@code lastsMillis} later. */
    record Planned(long atMillis, long lastsMillis, Fault fault) {
    }

    private ChaosSchedule() {
    }

    /** The steps for a run of {@code duration} on {@code nodes} nodes; {@code kinds} in {@link Chaos.Kind} order. */
    static List<Planned> plan(long seed, Duration duration, int nodes, Duration heartbeatTimeout, List<Chaos.Kind> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("chaos needs at least one kind of fault to play");
        }
        SplittableRandom random = new SplittableRandom(seed);
        long end = duration.toMillis();
        long t = Math.max(1, heartbeatTimeout.toMillis());
        long[] busyUntil = new long[nodes];
        List<Planned> steps = new ArrayList<>();
        for (long at = 0; ; ) {
            at += random.nextLong(t / 4 + 1, t + 2);
            if (at >= end) {
                return List.copyOf(steps);
            }
            Chaos.Kind kind = kinds.get(random.nextInt(kinds.size()));
            long lasts = Math.min(random.nextLong(t / 2 + 1, 2 * t + 2), end - at);
            int a = random.nextInt(nodes);
            int b = nodes > 1 ? (a + 1 + random.nextInt(nodes - 1)) % nodes : -1;
            long parameter = random.nextLong() & Long.MAX_VALUE; // drawn for every step, so that kinds do not shift the sequence
            boolean link = kind != Chaos.Kind.FREEZE && kind != Chaos.Kind.RESTART;
            if (link && b < 0 || busyUntil[a] > at || link && busyUntil[b] > at) {
                continue;
            }
            Fault fault = switch (kind) {
                case DISCONNECT -> new Fault.Partition(Math.min(a, b), Math.max(a, b));
                case CUT_ONE_WAY -> new Fault.OneWayCut(a, b);
                case DELAY -> {
                    long latency = 1 + parameter % Math.max(1, t / 2);
                    yield new Fault.Delay(a, b, Duration.ofMillis(latency), Duration.ofMillis(latency / 4));
                }
                case THROTTLE -> new Fault.Throttle(a, b, RATES[(int) (parameter % RATES.length)]);
                case FREEZE -> new Fault.Freeze(a);
                case RESTART -> new Fault.Crash(a);
            };
            busyUntil[a] = at + lasts + t;
            if (link) {
                busyUntil[b] = at + lasts + t;
            }
            steps.add(new Planned(at, lasts, fault));
        }
    }
}
