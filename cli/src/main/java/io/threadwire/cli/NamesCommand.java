package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code threadwire names ADDRESS}: the names registered on that node, one per line, sorted. */
@Command(name = "names", mixinStandardHelpOptions = true,
        description = "Lists the names registered on the node at ADDRESS (with --global: the cluster-wide names it knows).")
final class NamesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Option(names = "--global", description = "The global names in that node's view, each with its holder.")
    boolean global;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (global) {
            client.onClientNode(node -> node.remote(address).globalNames())
                    .forEach((name, holder) -> out.println(name + "\t" + holder));
        } else {
            client.onClientNode(node -> node.remote(address).registeredNames()).forEach(out::println);
        }
        return 0;
    }
}
