package io.threadwire.testkit.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes every thread of the JVM, virtual ones included, with its stack, to a file, for a test
 * that failed because something stood still: the stacks say who waits for what, which a failure
 * message cannot. Files go to {@code target/threadwire-dumps} under the working directory (the
 * module's, under Maven), so that a CI run's clone keeps them.
 */
public final class ThreadDumps {
    private ThreadDumps() {
    }

    /** Writes a dump named after {@code label}; returns where it went, or why there is none. */
    public static String write(String label) {
        try {
            Path dir = Path.of("target", "threadwire-dumps").toAbsolutePath();
            Files.createDirectories(dir);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            Path file = dir.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + stamp + ".txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return "threads dumped to " + file;
        } catch (IOException | RuntimeException e) {
            return "no thread dump (" + e + ")";
        }
    }
}
