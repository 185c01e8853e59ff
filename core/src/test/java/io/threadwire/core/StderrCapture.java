package io.threadwire.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a test's code wrote to System.err, where the tests' slf4j-simple writes WARN and above:
 * how a test sees what threadwire logged. Lines of other tests running meanwhile may be among
 * them, so a test picks its own by something only they contain.
 */
final class StderrCapture {
    private StderrCapture() {
    }

    /** Runs {@code body} and returns the lines it wrote to System.err. */
    static List<String> linesOf(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
