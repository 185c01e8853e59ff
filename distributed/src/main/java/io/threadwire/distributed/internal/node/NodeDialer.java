package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.ChannelContext;
import io.threadwire.distributed.internal.link.Dialer;
import io.threadwire.distributed.internal.link.Settings;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.FrameListener;
import io.threadwire.distributed.internal.transport.WireClient;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opens the connections this node dials: a KryoNet client with a network thread of its own,
 * and a channel whose handshake starts at once. Runs on a link's connect-attempt thread.
 */
final class NodeDialer implements Dialer {
    private final int localPort;
    private final Settings settings;
    private final FaultGate gate;
    private volatile ChannelContext context;  // set once the node's parts exist
    private volatile Admission admission;
    private volatile LinkFilters filters;
    private final Set<Channel> connecting = ConcurrentHashMap.newKeySet(); // dials not yet handed to admission

    NodeDialer(int localPort, Settings settings, FaultGate gate) {
        this.localPort = localPort;
        this.settings = settings;
        this.gate = gate;
    }

    /** Completes the dialer with the parts made after it (they need the dialer themselves). */
    void wire(ChannelContext context, Admission admission, LinkFilters filters) {
        this.context = context;
        this.admission = admission;
        this.filters = filters;
    }

    @Override
    public Channel dial(NodeAddress node, long deadline) throws IOException {
        passOrThrow(); // a frozen node dials once thawed
        if (!filters.of(node).connects()) {
            throw new IOException("the link to " + node + " is cut (test hook)");
        }
        WireClient client = new WireClient(settings.writeBufferBytes(), settings.readBufferBytes());
        EndpointLoop loop = new EndpointLoop("threadwire-net-" + localPort + "-to-" + node.port(), client, false, gate);
        Channel channel = new Channel(context, Channel.Role.DIALED, node, client, loop, true);
        client.addListener(new FrameListener(null));
        connecting.add(channel);
        loop.start();
        try {
            // Again right before the connect and before the Hello: a crash or freeze may have come
            // since the first pass, and a killed or stopped process opens no connection (a crash
            // during the connect itself resets it, as a killed process's connection would be).
            passOrThrow();
            connect(client, loop, node, deadline);
            passOrThrow();
        } catch (IOException | RuntimeException e) {
            channel.close("connect failed: " + e.getMessage());
            throw e;
        } finally {
            connecting.remove(channel);
        }
        admission.dialed(channel);
        channel.start();
        return channel;
    }

    /**
     * KryoNet's connect, on a thread of its own, given up as soon as the peer sends what cannot
     * be read: KryoNet's wait for its registration does not notice that the network thread
     * closed the connection, and would hold the dial (a ping of a port where another program
     * answers) until the connect timeout, then report a timeout instead of what went wrong.
     * The abandoned connect ends at that timeout.
     */
    private static void connect(WireClient client, EndpointLoop loop, NodeAddress node, long deadline)
            throws IOException {
        InetAddress host = InetAddress.getByName(node.host());
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        CompletableFuture<Void> connected = new CompletableFuture<>();
        loop.whenClientReadFails(failure -> connected.completeExceptionally(new IOException(
                "it answered with bytes that are not threadwire's protocol (is another program listening on that"
                + " port?): " + failure.getMessage()))); // no cause: the user's message is the root cause's
        Thread.ofVirtual().name("threadwire-kryonet-connect-" + node).start(() -> {
            try {
                client.connect((int) Math.min(Integer.MAX_VALUE, millis), host, node.port());
                connected.complete(null);
            } catch (Throwable t) { // whatever it is, the dial must not wait for good
                connected.completeExceptionally(t);
            }
        });
        try {
            connected.join(); // not interruptible, as KryoNet's connect was not: the connect ends by its timeout
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                default -> throw e;
            }
        } finally {
            loop.whenClientReadFails(failure -> { });
        }
    }

    /** Waits while the node is frozen (a test's fault); throws if it crashed. */
    private void passOrThrow() throws IOException {
        if (!gate.pass()) {
            throw new IOException("this node crashed (test hook)");
        }
    }

    @Override
    public boolean awaitAccepted(NodeAddress node, long deadline) throws InterruptedException {
        return admission.awaitAccepted(node, deadline);
    }

    /**
     * Closes the connections still being dialed, so that their network threads end with the
     * node instead of at their connect timeout (a peer that accepts TCP but never answers).
     */
    void abortDials(String reason) {
        for (Channel c : Set.copyOf(connecting)) {
            c.close(reason);
        }
    }
}
