package io.threadwire.cli;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a node shares, and the short-lived node (on a free
 * port) it talks through. The secret is never an argument (others could read it in the process
 * list): {@code THREADWIRE_SECRET}, {@code ~/.threadwire/secret}, or {@code --secret-file}.
 */
final class ClientOptions {
    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for the connection and for each answer (e.g. 500ms, 5s, 1m; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the cluster's secret from FILE instead of THREADWIRE_SECRET or ~/.threadwire/secret.")
    Path secretFile;

    @Option(names = Trace.OPTION, description = "Log every message this node sends or receives (to standard error).")
    boolean trace;

    /** The configuration of a node on {@code port} with these options. */
    NodeConfig.Builder config(int port) {
        NodeConfig.Builder b = NodeConfig.builder().port(port).connectTimeout(timeout);
        if (secretFile != null) {
            b.secret(readSecret(secretFile));
        }
        return b;
    }

    /**
     * Runs {@code work} on a thread of a new node on a free port, closes the node (letting what
     * was sent leave first) and returns the result or rethrows what {@code work} threw (an
     * {@link Error} wrapped, so that the command ends as an unexpected failure). The node
     * is hidden: the nodes it talks to do not count it as a member of their cluster, and it
     * meets no one else.
     */
    <T> T onClientNode(Function<Node, T> work) {
        try (Node node = Node.start(config(0).hidden(true).build())) {
            CompletableFuture<T> result = new CompletableFuture<>();
            node.spawn("threadwire-cli", () -> {
                try {
                    result.complete(work.apply(node));
                } catch (Throwable e) { // an Error too: else the result never comes and the command hangs
                    result.completeExceptionally(e);
                }
            });
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThreadwireException("interrupted");
        }
    }

    /**
     * The secret in {@code file}. A file that cannot be read is the user's to fix, not a bug:
     * {@link IllegalArgumentException}, which exits 2 with the message and no stack trace.
     */
    static String readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + " (" + e + "): give --secret-file"
                    + " a readable file that holds the cluster's secret, or leave the option out to use THREADWIRE_SECRET"
                    + " or ~/.threadwire/secret", e);
        }
    }
}
