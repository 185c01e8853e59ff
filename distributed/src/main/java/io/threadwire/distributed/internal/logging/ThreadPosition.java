package io.threadwire.distributed.internal.logging;

/**
 * Where a thread of the project stands, in one line, for a test's failure message: its project's
 * frames, innermost first (the JDK's parking frames above them say nothing), down to a frame of
 * the class that runs it. Reads the thread's stack: never for a hot path.
 */
public final class ThreadPosition {
    private static final String PROJECT = "io.threadwire.";

    private ThreadPosition() {
    }

    /**
     * {@code thread}'s project frames as {@code Class.method:line < ...}, at most {@code maxFrames},
     * ending at the first frame of {@code runner}; empty if none is on its stack now.
     */
    public static String of(Thread thread, Class<?> runner, int maxFrames) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (StackTraceElement e : thread.getStackTrace()) {
            String c = e.getClassName();
            if (!c.startsWith(PROJECT)) {
                continue;
            }
            b.append(shown++ > 0 ? " < " : "").append(c.substring(c.lastIndexOf('.') + 1)).append('.')
                    .append(e.getMethodName()).append(':').append(e.getLineNumber());
            if (shown == maxFrames || c.equals(runner.getName())) {
                break;
            }
        }
        return b.toString();
    }
}
