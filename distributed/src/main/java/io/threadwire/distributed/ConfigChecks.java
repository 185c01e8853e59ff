package io.threadwire.distributed;

import java.time.Duration;
import java.util.Objects;

/** The argument checks the parts of {@link NodeConfig} share; each failure says what is wrong. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        if (d.compareTo(NodeConfig.LONGEST_DURATION) > 0) {
            throw new IllegalArgumentException(name + " " + d + " is longer than " + NodeConfig.LONGEST_DURATION.toDays()
                    + " days (10 years), the most a node can count: give a shorter one");
        }
        return d;
    }

    static int range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + " to " + max);
        }
        return value;
    }

    static long range(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + " to " + max);
        }
        return value;
    }

    static String host(String host, String name) {
        Objects.requireNonNull(host, name);
        if (host.isBlank()) {
            throw new IllegalArgumentException(name + " is blank: give a host name or IP address such as 127.0.0.1");
        }
        return host.strip();
    }
}
