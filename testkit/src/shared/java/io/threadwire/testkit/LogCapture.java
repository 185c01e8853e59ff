package io.threadwire.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the JVM writes to {@code System.err} while a test runs, where slf4j-simple (the binding
 * threadwire's own tests use) writes its log as it finds {@code System.err} at each line: for a
 * test that asserts what is logged, or that nothing is logged at ERROR. {@code System.err} is
 * teed into a buffer, still written through, until {@link #close}.
 *
 * <p>One capture at a time in a JVM, opened and closed by the same test: a second capture, or
 * tests run in parallel, would each see the other's lines. Any thread may write while it is open
 * and any thread may read {@link #lines}. Like {@link Timeouts}, its one source file is
 * compiled into the test kit and into the tests of core, serialize and distributed; it depends on
 * the JDK alone.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing {@code System.err}; close the capture to put the original back. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines written so far, in order. */
    public List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Puts back the {@code System.err} found at {@link #start}. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
