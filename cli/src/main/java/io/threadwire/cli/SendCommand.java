package io.threadwire.cli;

import static io.threadwire.core.Messaging.send;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code threadwire send ADDRESS NAME MESSAGE}: connects (exit 1 if it cannot), sends the text
 * to the thread registered as NAME, and lets it leave before exiting. Like every send, it does
 * not wait for the thread to take it.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sends MESSAGE (a string) to the thread registered as NAME on the node at ADDRESS.")
final class SendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ADDRESS", converter = AddressConverter.class, description = "The node, host:port.")
    NodeAddress address;

    @Parameters(index = "1", paramLabel = "NAME", description = "The registered name of the thread.")
    String name;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "MESSAGE", description = "The message; several words are joined by spaces.")
    String[] words;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String message = String.join(" ", words);
        client.onClientNode(node -> {
            node.connect(address, client.timeout);
            send(message, RemoteThread.named(address, name));
            return null;
        });
        spec.commandLine().getOut().println("sent '" + message + "' to " + name + " at " + address);
        return 0;
    }
}
