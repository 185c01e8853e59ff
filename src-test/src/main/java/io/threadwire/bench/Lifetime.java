package io.threadwire.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Bounds on the life of every benchmark JVM, so that nothing outlives a killed run for long: a
 * time limit, and the end of the parent's pipe on stdin.
 */
final class Lifetime {
    private Lifetime() {
    }

    /** Ends this JVM with {@code status} after {@code seconds}, whatever it is doing. */
    static void exitAfter(long seconds, int status, String why) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // a deadline, not a wait for something
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] " + why + "; ending the JVM");
            Runtime.getRuntime().halt(status);
        }, "bench-time-limit");
        t.setDaemon(true);
        t.start();
    }

    /** Ends this JVM (status 0) when its stdin reaches end of file: the parent closed it, or died. */
    static void exitOnEndOfInput() {
        Thread t = new Thread(() -> {
            awaitEndOfInput();
            Runtime.getRuntime().halt(0);
        }, "bench-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Returns when stdin reaches end of file. */
    static void awaitEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // nobody writes; end of file is the signal
            }
        } catch (IOException ignored) {
            // as end of file
        }
    }
}
