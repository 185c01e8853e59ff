package io.threadwire.testkit.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Durations as an annotation writes them: {@code 100ms}, {@code 2s}, {@code 1m}, or ISO-8601 ({@code PT0.1S}). */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ns|us|µs|ms|s|m|h)");

    private DurationText() {
    }

    /**
     * The duration {@code text} writes, or null if it is empty.
     *
     * @throws ExtensionConfigurationException naming {@code what} if it is not a positive duration
     */
    public static Duration parse(String text, String what) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        Duration d;
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ns" -> Duration.ofNanos(n);
                    case "us", "µs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(t);
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) { // the last: more digits than a long holds
            throw invalid(text, what, e);
        }
        if (d.isNegative() || d.isZero()) {
            throw invalid(text, what, null);
        }
        return d;
    }

    private static ExtensionConfigurationException invalid(String text, String what, Exception cause) {
        return new ExtensionConfigurationException("@ThreadwireCluster(" + what + " = \"" + text + "\") is not a positive"
                + " duration; write it as 100ms, 2s, 1m or in ISO-8601 (PT0.1S)", cause);
    }
}
