package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code --timeout} too long for a node to count is a usage error (exit 2) that names the
 * value and says what to give, as a malformed one is: not "unexpected failure" with a stack
 * trace, nor the name of a Java exception. No node is needed: it is refused before one starts.
 */
class TimeoutOptionTest {
    @Test
    void aTimeoutTooLongIsAUsageErrorThatSaysSo() {
        for (String timeout : List.of("9999999999999h", "99999999999999999999s", "9999999999999999m")) {
            for (String sub : List.of("ping", "names")) {
                CliRun r = CliRun.of(sub, "127.0.0.1:9", "--timeout=" + timeout);
                assertThat(r.exit()).as(sub + " " + timeout + ": " + r.err()).isEqualTo(2);
                assertThat(r.err()).as(timeout).contains("Invalid value for option '--timeout': '" + timeout + "' is")
                        .contains("give a shorter one").doesNotContain("unexpected failure")
                        .doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(r.out()).as(timeout).isEmpty();
            }
        }
    }

    /**
     * A negative timeout is a duration, only not a positive one: it is refused as zero is, not as
     * text that is no duration at all (which told the user to write "e.g. 500ms" for {@code -1s}).
     */
    @Test
    void aNegativeTimeoutIsRefusedAsNotPositive() {
        for (String timeout : List.of("-1s", "-500ms", "-99999999999999999999s", "0s", "PT-5S")) {
            CliRun r = CliRun.of("ping", "127.0.0.1:9", "--timeout=" + timeout);
            assertThat(r.exit()).as(timeout + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(timeout).contains("'" + timeout + "' is not a positive duration")
                    .doesNotContain("is not a duration").doesNotContain("too long");
        }
    }

    /** The longest a node can count is still accepted: the limit is the library's, not a smaller one of the command's. */
    @Test
    void aLongButCountableTimeoutIsAccepted() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("87600h")).hasDays(3650);
        assertThat(c.convert("1000h")).hasHours(1000);
    }
}
