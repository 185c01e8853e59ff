package io.threadwire.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.IncompleteExecutionException;

/** What a failure under faults should say besides its own message: the nodes, the faults, the seeds. */
public final class FailureContext {
    private static final int MAX_HISTORY_LINES = 40;

    private FailureContext() {
    }

    /** The cluster's nodes, the faults in force, every fault of the test, and the chaos runs. */
    public static String describe(ClusterNodes nodes, FaultBook faults, List<String> chaosRuns) {
        List<String> names = new ArrayList<>();
        if (nodes.isStarted()) {
            for (int i = 0; i < nodes.size(); i++) {
                names.add(nodes.describe(i));
            }
        }
        StringBuilder b = new StringBuilder("cluster [").append(String.join(", ", names)).append("]");
        b.append("; faults in force: ").append(faults.describeInForce());
        if (!chaosRuns.isEmpty()) {
            b.append("; ").append(String.join("; ", chaosRuns));
        }
        List<String> history = faults.history();
        if (!history.isEmpty()) {
            b.append("; faults of the test (ms since the cluster started):");
            int from = Math.max(0, history.size() - MAX_HISTORY_LINES);
            if (from > 0) {
                b.append("\n    ... ").append(from).append(" earlier");
            }
            for (String line : history.subList(from, history.size())) {
                b.append("\n    ").append(line);
            }
        }
        return b.toString();
    }

    /**
     * {@code failure} with {@code context} added to its message, keeping its type where it
     * matters to tools (an assertion's expected and actual values) and its stack trace; the
     * failure itself as its cause. {@code failure} unchanged if {@code context} is null.
     */
    public static Throwable withContext(Throwable failure, String context) {
        if (context == null || failure instanceof IncompleteExecutionException) {
            return failure; // an aborted test (a failed assumption) is not a failure
        }
        String message = (failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage())
                + "\n  under threadwire test kit: " + context;
        AssertionError wrapped;
        if (failure instanceof AssertionFailedError a && a.isExpectedDefined() && a.isActualDefined()) {
            wrapped = new AssertionFailedError(message, a.getExpected(), a.getActual(), failure);
        } else {
            wrapped = new AssertionError(message, failure);
        }
        wrapped.setStackTrace(failure.getStackTrace());
        return wrapped;
    }
}
