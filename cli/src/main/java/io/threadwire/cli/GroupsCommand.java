package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code threadwire groups ADDRESS [GROUP]}: the groups that node knows, or the members of one. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "Lists the groups the node at ADDRESS knows, or with GROUP the members of that group (one line per join).")
final class GroupsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GROUP", description = "A group's name.")
    String group;

    @Mixin
    ClientOptions client;

    @Mixin
    ListingOptions listing;

    @Override
    public Integer call() {
        if (group == null) {
            return listing.print(client.onClientNode(node -> node.remote(address).groups()), g -> g, "group", "groups", address);
        }
        return listing.print(client.onClientNode(node -> node.remote(address).members(group)), String::valueOf,
                "member of group " + group, "members of group " + group, address);
    }
}
