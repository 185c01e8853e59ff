package io.threadwire.cli;

import static io.threadwire.core.Messaging.sendSynchronous;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire call ADDRESS NAME MESSAGE}: a synchronous call; prints the reply, or says why
 * there is none (no such thread, the node is unreachable, the timeout passed) and exits 1.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Calls the thread registered as NAME with MESSAGE (a string) and prints its reply.")
final class CallCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Parameters(index = "1", paramLabel = "NAME", description = "The registered name of the thread.")
    String name;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "MESSAGE", description = "The request; several words are joined by spaces.")
    String[] words;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String message = String.join(" ", words);
        Object reply = client.onClientNode(node -> {
            node.connect(address, client.timeout);
            try {
                return sendSynchronous(message, RemoteThread.named(address, name), client.timeout);
            } catch (ReceiveTimeoutException e) {
                // the library's words name the timeout as Duration.toString (PT5S) and speak of a
                // late reply the command never waits for: say it as the user wrote --timeout, and what to do
                throw new ReceiveTimeoutException("no reply from " + name + "@" + address + " within "
                        + DurationConverter.format(client.timeout) + ": the thread may not answer calls, or may need"
                        + " longer (give it more with --timeout)");
            }
        });
        spec.commandLine().getOut().println(reply);
        return 0;
    }
}
