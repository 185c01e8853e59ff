package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire node [--port P] [--name N] [--seeds A,B] [--host H] [--bind B] [--serve THREADS]}: a
 * node that stays up until the process is stopped (Ctrl-C, SIGTERM), then closes in order.
 * Optionally runs built-in threads other nodes can reach by name. Prints one line once it is up:
 * {@code node 127.0.0.1:9000 is up, named alpha; serving logger (Ctrl-C stops)}.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs a node until stopped (Ctrl-C), optionally with built-in logger, echo or counter threads.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = {"-p", "--port"}, defaultValue = "9000", description = "The port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "The node's name, for people: sent in its handshake, listed by members, shown in other nodes' logs"
                    + " (up to 64 letters, digits, '.', '-' and '_'; default none).")
    String name = "";

    @Option(names = "--host", paramLabel = "HOST",
            description = "The host name or address other nodes reach this one by, and that it listens on unless --bind"
                    + " says otherwise (default 127.0.0.1: this machine only); beside --bind it may be another machine's, such as a NAT's.")
    String host;

    @Option(names = "--bind", paramLabel = "HOST",
            description = "The address to listen on, if not --host: 0.0.0.0 listens on every interface"
                    + " (--host then names the one other nodes reach this one by).")
    String bind;

    @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT", converter = AddressConverter.class,
            description = "Nodes to join a cluster through, comma-separated; it meets every member they know.")
    List<NodeAddress> seeds = new ArrayList<>();

    @Option(names = "--serve", split = ",", paramLabel = "THREAD", converter = BuiltInConverter.class,
            completionCandidates = BuiltInConverter.class,
            description = "Built-in threads to run, registered under their names, each at most once: ${COMPLETION-CANDIDATES}.")
    List<BuiltIn> serve = new ArrayList<>();

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Set<BuiltIn> distinct = EnumSet.noneOf(BuiltIn.class);
        for (BuiltIn b : serve) {
            if (!distinct.add(b)) { // the second would find its name taken, after the node started
                throw new IllegalArgumentException("--serve names " + b.threadName() + " twice: give each built-in"
                        + " thread once (a name holds one thread)");
            }
        }
        NodeConfig.Builder config = client.config(port).name(name);
        if (host != null) {
            // beside --bind, --host is only where others reach this node: a NAT's or a load balancer's address, say
            config.host(checkedHost(host, "--host", bind == null));
        }
        if (bind != null) {
            config.bindHost(checkedHost(bind, "--bind", true));
        }
        if (!seeds.isEmpty()) {
            config.seeds(seeds.toArray(NodeAddress[]::new));
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
            out.println("node " + node.address() + " is up" + (name.isEmpty() ? "" : ", named " + name)
                    + (serve.isEmpty() ? "" : "; serving "
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

    /**
     * {@code host}, given with {@code option}, if the node can use it: never the wildcard address
     * as {@code --host}; if the node listens on it ({@code listensThere}), an address of this
     * machine. Else a usage error that says so, before a node fails to bind it with a message
     * about ports. An address the node does not listen on ({@code --host} beside {@code --bind})
     * may be another machine's, or a name only the other nodes resolve.
     */
    static String checkedHost(String host, String option, boolean listensThere) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            if (!listensThere) {
                return host; // the other nodes resolve it, not this one
            }
            throw new IllegalArgumentException(option + " " + host + " is an unknown host: give a name or address of this"
                    + " machine that other nodes reach it by (default 127.0.0.1)", e);
        }
        if (address.isAnyLocalAddress()) {
            if (option.equals("--bind")) {
                return host;
            }
            throw new IllegalArgumentException("--host " + host + " means every interface, which no other node can reach:"
                    + " give --host the name or address other nodes reach this machine by, and --bind " + host
                    + " to listen on every interface");
        }
        if (!listensThere) {
            return host;
        }
        try {
            if (address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return host;
            }
        } catch (SocketException e) {
            return host; // the interfaces cannot be listed: let the node try
        }
        throw new IllegalArgumentException(option + " " + host + " (" + address.getHostAddress() + ") is not an address of"
                + " this machine, so no node can listen on it: give one of its own (default 127.0.0.1)");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closes the node itself
        }
    }
}
