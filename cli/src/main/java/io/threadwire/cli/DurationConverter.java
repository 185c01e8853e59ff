package io.threadwire.cli;

import io.threadwire.distributed.NodeConfig;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 250ms}, {@code 5s}, {@code 2m} or an ISO-8601 duration ({@code PT5S}), positive and
 * no longer than a node counts ({@link NodeConfig#LONGEST_DURATION}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    /** A count and a unit; a minus sign is matched so that {@code -1s} is refused as negative, not as no duration. */
    private static final Pattern SHORT = Pattern.compile("(-?)(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Matcher m = SHORT.matcher(text.strip());
        Duration d;
        if (m.matches()) {
            if (!m.group(1).isEmpty()) {
                throw notPositive(text);
            }
            try {
                long n = Long.parseLong(m.group(2));
                d = switch (m.group(3)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } catch (NumberFormatException | ArithmeticException beyondALong) { // digits only: too many of them
                throw tooLong(text, "a node counts at most 3650 days (10 years)");
            }
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + text + "' is not a duration: write e.g. 500ms, 5s or 1m");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw notPositive(text);
        }
        if (d.compareTo(NodeConfig.LONGEST_DURATION) > 0) {
            throw tooLong(text, "a node counts at most 3650 days (10 years)");
        }
        return d;
    }

    /** The message for a duration of zero or less. */
    private static TypeConversionException notPositive(String text) {
        return new TypeConversionException("'" + text + "' is not a positive duration");
    }

    /** The message for a duration a node cannot count. */
    private static TypeConversionException tooLong(String text, String why) {
        return new TypeConversionException("'" + text + "' is too long: " + why + ": give a shorter one");
    }

    /** The way a user writes it: {@code 500ms}, {@code 5s}, {@code 2m}. */
    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + "m" : s + "s";
    }
}
