package io.threadwire.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * A stream samples print to that keeps what was printed, so that a demo can wait until a line
 * has appeared (one thread's output is another thread's signal) instead of guessing a delay.
 * Also copies everything to {@code echo}, unless it is null.
 */
public final class Transcript extends PrintStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition printed = lock.newCondition();
    private final ByteArrayOutputStream bytes;
    private final PrintStream echo;

    public Transcript(PrintStream echo) {
        this(new ByteArrayOutputStream(), echo);
    }

    private Transcript(ByteArrayOutputStream bytes, PrintStream echo) {
        super(bytes, true, StandardCharsets.UTF_8);
        this.bytes = bytes;
        this.echo = echo;
    }

    @Override
    public void println(String line) {
        lock.lock();
        try {
            super.println(line);
            if (echo != null) {
                echo.println(line);
            }
            printed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void println(Object line) {
        println(String.valueOf(line));
    }

    /** Everything printed so far. */
    public String text() {
        lock.lock();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code fragment} has been printed {@code times} times in all.
     *
     * @throws IllegalStateException if it is not within {@code patience}
     */
    public void await(String fragment, int times, Duration patience) {
        awaitCount(() -> count(text(), fragment), "'" + fragment + "'", times, patience);
    }

    /**
     * Waits until a line that is exactly {@code line} has been printed {@code times} times in all.
     *
     * @throws IllegalStateException if it is not within {@code patience}
     */
    public void awaitLine(String line, int times, Duration patience) {
        awaitCount(() -> lines(line), "the line '" + line + "'", times, patience);
    }

    /** How many lines printed so far are exactly {@code line}. */
    public int lines(String line) {
        return (int) text().lines().filter(line::equals).count();
    }

    private void awaitCount(IntSupplier count, String what, int times, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        lock.lock();
        try {
            while (count.getAsInt() < times) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(what + " was not printed " + times + " time(s) within "
                            + patience + "; printed:\n" + text());
                }
                printed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #await(String, int, Duration)}, once. */
    public void await(String fragment, Duration patience) {
        await(fragment, 1, patience);
    }

    private static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
            n++;
        }
        return n;
    }
}
