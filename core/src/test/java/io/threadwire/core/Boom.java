package io.threadwire.core;

/**
 * The exception a test throws on purpose to make a thread fail. {@link Scenario} does not count
 * it, or an exception caused by it, as a failure of the test. It has no stack trace: none is
 * needed to find where a test throws it on purpose.
 */
final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom(String message) {
        super(message, null, false, false);
    }

    /** Whether {@code t} is a {@code Boom} or was caused by one. */
    static boolean isBehind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Boom) {
                return true;
            }
        }
        return false;
    }
}
