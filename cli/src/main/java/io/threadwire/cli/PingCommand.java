package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.NodeUnreachableException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire ping ADDRESS}: pong and the round trip of a call to its node service, exit 0;
 * or pang, exit 1, and on standard error why (nothing listens, it refused this command's secret,
 * it did not answer in time) (Erlang's {@code net_adm:ping}).
 */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Says pong (and the round trip) if the node answers, pang (exit 1) if not.")
final class PingCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String[] why = {null}; // why there is no connection, if there is none
        Optional<Duration> rtt = client.onClientNode(node -> {
            try {
                node.connect(address, client.timeout);
            } catch (NodeUnreachableException e) {
                why[0] = FailureHandler.explain(e);
                return Optional.empty();
            }
            return node.ping(address, client.timeout);
        });
        if (rtt.isEmpty()) {
            spec.commandLine().getOut().println("pang " + address);
            spec.commandLine().getErr().println("ping: " + (why[0] != null ? why[0]
                    : address + " did not answer within " + DurationConverter.format(client.timeout)));
            return Threadwire.FAILED;
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "pong %s in %.3f ms", address, rtt.get().toNanos() / 1e6));
        return 0;
    }
}
