package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short-lived node every command talks through. */
class ClientOptionsTest {
    @TempDir
    Path dir;

    /** Work that throws an Error on the client node ends the command with that Error as the cause, instead of hanging it. */
    @Test
    void anErrorOnTheClientNodeEndsTheCommand() throws Exception {
        ClientOptions options = new ClientOptions();
        options.timeout = Timeouts.LONG;
        options.secretFile = ThreadwireCommandTest.privateFile(dir.resolve("secret"),
                HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> { // a daemon: on a hang, the test fails and the JVM still exits
            try {
                options.onClientNode(node -> {
                    throw new AssertionError("an Error in the work");
                });
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        Throwable t = thrown.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).isNotNull().hasRootCauseMessage("an Error in the work");
    }
}
