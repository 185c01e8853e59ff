package io.threadwire.distributed.internal.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN that something hostile or broken happened, logged at most once per interval: the
 * first occurrence is logged at once; later ones within the interval are counted, and the next
 * line logged says how many were left out. An attacker who can make the condition happen at
 * will (a failed proof, an evicted socket) cannot fill the log. Thread-safe.
 */
public final class RateLimitedWarning {
    /** The default interval: one line per kind of event every ten seconds. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedWarning(Logger log) {
        this(log, DEFAULT_INTERVAL_NANOS);
    }

    public RateLimitedWarning(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Logs {@code format} with {@code args} at WARN, unless one was logged within the interval. */
    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            log.warn(format + " (and " + left + " more like it since the last such line, not logged)", args);
        } else {
            log.warn(format, args);
        }
    }

    /** Occurrences not logged since the last line. */
    public long suppressed() {
        return suppressed.get();
    }
}
