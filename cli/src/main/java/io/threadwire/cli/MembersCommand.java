package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code threadwire members ADDRESS}: the cluster as that node sees it, a member per line. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Lists the cluster as the node at ADDRESS sees it: address, name and incarnation of each member.")
final class MembersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Mixin
    ClientOptions client;

    @Mixin
    ListingOptions listing;

    @Override
    public Integer call() {
        return listing.print(client.onClientNode(node -> node.remote(address).members()),
                (Member m) -> m.address() + "\t" + m.name() + "\t" + Long.toHexString(m.incarnation()), "member", "members", address);
    }
}
