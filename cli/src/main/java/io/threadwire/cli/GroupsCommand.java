package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (group == null) {
            client.onClientNode(node -> node.remote(address).groups()).forEach(out::println);
        } else {
            client.onClientNode(node -> node.remote(address).members(group)).forEach(out::println);
        }
        return 0;
    }
}
