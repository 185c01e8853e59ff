package io.threadwire.testkit.internal;

import io.threadwire.distributed.spi.LinkFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults on the link from one node to one peer, as that node applies them
 * ({@link LinkFilter}): whether they may connect, whether it hears the peer, how long it holds
 * the peer's frames, how fast it may send the peer. Made afresh whenever a fault on the link
 * changes; thread-safe, never blocks.
 */
final class KitLinkFilter implements LinkFilter {
    private final boolean connects;
    private final boolean hears;
    private final long latencyNanos;
    private final long jitterNanos;
    private final long bytesPerSecond;            // 0: unlimited
    private final AtomicLong linkFreeAt = new AtomicLong(Long.MIN_VALUE); // when the paced link has sent what it took
    private final String description;

    private KitLinkFilter(boolean connects, boolean hears, Duration latency, Duration jitter, long bytesPerSecond) {
        this.connects = connects;
        this.hears = hears;
        this.latencyNanos = latency.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.bytesPerSecond = bytesPerSecond;
        List<String> parts = new ArrayList<>();
        if (!connects) {
            parts.add("cut");
        }
        if (!hears) {
            parts.add("deaf");
        }
        if (latencyNanos > 0 || jitterNanos > 0) {
            parts.add("hold " + Texts.millis(latency) + " + up to " + Texts.millis(jitter));
        }
        if (bytesPerSecond > 0) {
            parts.add("pace " + Texts.bytes(bytesPerSecond) + "/s");
        }
        this.description = String.join(", ", parts);
    }

    /**
     * The filter node {@code self} puts on its link to {@code peer} for the faults in force, or
     * {@link LinkFilter#OPEN} if none acts on it.
     */
    static LinkFilter of(int self, int peer, List<Fault> faults) {
        boolean connects = true;
        boolean hears = true;
        Duration latency = Duration.ZERO;
        Duration jitter = Duration.ZERO;
        long rate = 0;
        for (Fault f : faults) {
            switch (f) {
                case Fault.Partition p when p.a() == self && p.b() == peer || p.a() == peer && p.b() == self ->
                        connects = false;
                case Fault.OneWayCut c when c.from() == peer && c.to() == self -> hears = false;
                case Fault.Delay d when d.from() == peer && d.to() == self -> {
                    latency = d.latency();
                    jitter = d.jitter();
                }
                case Fault.Throttle t when t.from() == self && t.to() == peer -> rate = t.bytesPerSecond();
                default -> {
                }
            }
        }
        if (connects && hears && latency.isZero() && jitter.isZero() && rate == 0) {
            return LinkFilter.OPEN;
        }
        return new KitLinkFilter(connects, hears, latency, jitter, rate);
    }

    @Override
    public boolean connects() {
        return connects;
    }

    @Override
    public boolean hears() {
        return hears;
    }

    @Override
    public long holdNanos() {
        return jitterNanos == 0 ? latencyNanos : latencyNanos + ThreadLocalRandom.current().nextLong(jitterNanos + 1);
    }

    /** A frame occupies the link for its size at the rate; it leaves once those before it have. */
    @Override
    public long paceNanos(int bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long occupies = (long) (bytes * 1e9 / bytesPerSecond);
        long now = System.nanoTime();
        for (;;) {
            long free = linkFreeAt.get();
            long start = free == Long.MIN_VALUE || free - now < 0 ? now : free;
            if (linkFreeAt.compareAndSet(free, start + occupies)) {
                return start - now;
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
