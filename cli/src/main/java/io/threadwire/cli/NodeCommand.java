package io.threadwire.cli;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire node}: a node that stays up until the process is stopped (Ctrl-C, SIGTERM),
 * then closes in order. Optionally runs built-in threads other nodes can reach by name.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs a node until stopped (Ctrl-C), optionally with built-in logger, echo or counter threads.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = {"-p", "--port"}, defaultValue = "9000", description = "The port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", description = "The host name other nodes reach this one by (default: this machine's address).")
    String host;

    @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT",
            description = "Nodes to join a cluster through, comma-separated.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--serve", split = ",", paramLabel = "THREAD",
            description = "Built-in threads to run, registered under their names: ${COMPLETION-CANDIDATES}.")
    List<BuiltIn> serve = new ArrayList<>();

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig.Builder config = client.config(port);
        if (host != null) {
            config.host(host);
        }
        if (!seeds.isEmpty()) {
            config.seeds(seeds.toArray(String[]::new));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Node node = Node.start(config.build())) {
            Thread hook = new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "threadwire-node-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            var out = spec.commandLine().getOut();
            serve.forEach(b -> b.start(node, out));
            out.println("node " + node.address() + " is up" + (serve.isEmpty() ? "" : "; serving "
                    + String.join(", ", serve.stream().map(BuiltIn::threadName).toList())) + " (Ctrl-C stops)");
            out.flush();
            try {
                stopped.await();
            } finally {
                removeHook(hook);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closes the node itself
        }
    }
}
