package io.threadwire.tests.support;

import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.Messaging;
import io.threadwire.core.ReceiveTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a message unread in the mailbox of JUnit's thread, as core's
 * {@code Scenario} does for its scenario thread: an unread message is a reply, a {@code Down}
 * or a {@code NodeDown} the test did not expect, and so something it did not check.
 *
 * <p>Registered for every test of this module (META-INF/services and
 * {@code junit.jupiter.extensions.autodetection.enabled} in junit-platform.properties). It runs
 * right after the test method, before {@code @AfterEach} methods and extensions (a
 * {@code Cluster} closing its nodes) add messages of their own. JUnit runs every test on the same
 * thread, so the mailbox outlives a test: before each test it is emptied, without failing, of
 * what arrived after the previous test ended (the {@code Down}s of its cluster's close).
 */
public final class EmptyMailboxCheck implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
    /** More than a test ever leaves; a bound, so that a flood cannot keep the check busy. */
    private static final int MOST_REPORTED = 1_000;

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        drain();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        List<Object> left = drain();
        if (!left.isEmpty() && context.getExecutionException().isEmpty()) { // a failed test has said enough
            throw new AssertionError(left.size() + " unread message(s) left in the mailbox of the test thread "
                    + Messaging.self() + ": " + left);
        }
    }

    /** Takes every message now in the calling thread's mailbox (and a pending linked failure). */
    private static List<Object> drain() {
        List<Object> taken = new ArrayList<>();
        while (taken.size() < MOST_REPORTED) {
            try {
                taken.add(Messaging.receive(Duration.ZERO));
            } catch (ReceiveTimeoutException empty) {
                break;
            } catch (LinkedThreadException linked) {
                taken.add(linked);
            }
        }
        return taken;
    }
}
