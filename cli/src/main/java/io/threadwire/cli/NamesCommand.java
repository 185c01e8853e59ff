package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Mixin
    ListingOptions listing;

    @Override
    public Integer call() {
        if (global) {
            return listing.print(client.onClientNode(node -> node.remote(address).globalNames()),
                    e -> e.getKey() + "\t" + e.getValue(), "global name", "global names", address);
        }
        return listing.print(client.onClientNode(node -> node.remote(address).registeredNames()),
                name -> name, "name", "names", address);
    }
}
