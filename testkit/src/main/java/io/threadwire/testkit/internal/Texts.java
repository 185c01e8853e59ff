package io.threadwire.testkit.internal;

import java.time.Duration;
import java.util.Locale;

/** How the test kit writes durations and sizes in its messages and logs. */
public final class Texts {
    private Texts() {
    }

    /** {@code 250 ms}, {@code 1.5 ms}, {@code 2 s}. */
    public static String millis(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000_000L + " s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** {@code 512 B}, {@code 64 KiB}, {@code 1.5 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1 << 20) {
            return n % 1024 == 0 ? n / 1024 + " KiB" : String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return n % (1 << 20) == 0 ? (n >> 20) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
}
