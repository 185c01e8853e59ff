package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code threadwire members ADDRESS}: the cluster as that node sees it, a member per line. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Lists the cluster as the node at ADDRESS sees it: address, name and incarnation of each member.")
final class MembersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Member m : client.onClientNode(node -> node.remote(address).members())) {
            spec.commandLine().getOut().println(m.address() + "\t" + m.name() + "\t" + Long.toHexString(m.incarnation()));
        }
        return 0;
    }
}
