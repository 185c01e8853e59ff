package io.threadwire.tests.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a sample test class through JUnit, as a user's build would, and returns what JUnit
 * reported: how the test kit's extension behaves seen from outside. The samples are nested
 * classes whose names do not end in "Test", so that the build does not run them itself.
 */
final class JUnitRun {
    private JUnitRun() {
    }

    static TestExecutionSummary run(Class<?> sample, Map<String, String> configuration) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(sample))
                .configurationParameters(configuration)
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    static TestExecutionSummary run(Class<?> sample) {
        return run(sample, Map.of());
    }

    /** The failures' exceptions, in the order JUnit reported them. */
    static List<Throwable> failures(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(TestExecutionSummary.Failure::getException).toList();
    }
}
