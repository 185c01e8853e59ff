package io.threadwire.distributed;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.distributed.internal.cluster.protocol.ClusterTypes;
import io.threadwire.distributed.internal.node.NodeEngine;

/**
 * A {@link Node} as core sees it: the owner of the node's threads, through which they reach
 * other nodes. Each call goes straight to the node's engine.
 */
final class NodeTransport implements Transport {
    private final Node node;
    private final NodeEngine engine;

    NodeTransport(Node node, NodeConfig config) {
        this.node = node;
        this.engine = new NodeEngine(config, this, ClusterTypes.with(config.types()));
    }

    Node node() {
        return node;
    }

    NodeEngine engine() {
        return engine;
    }

    @Override
    public NodeAddress address() {
        return engine.address();
    }

    @Override
    public void threadStarted(LocalThread thread) {
        engine.threadStarted(thread);
    }

    @Override
    public RemoteThread.ById handleOf(LocalThread thread) {
        return engine.handleOf(thread);
    }

    @Override
    public void send(RemoteThread to, Object message, LocalThread sender) {
        engine.send(to, message, sender);
    }

    @Override
    public LocalThread localOf(RemoteThread target) {
        return engine.localOf(target);
    }

    @Override
    public void reply(RemoteThread to, long tag, Object reply, LocalThread sender) {
        engine.reply(to, tag, reply);
    }

    @Override
    public void exit(RemoteThread target, ExitReason reason, LocalThread sender) {
        engine.exit(target, reason);
    }

    @Override
    public Registration monitor(RemoteThread target, ExitHook hook) {
        return engine.monitor(target, hook);
    }

    @Override
    public Registration monitorForCall(RemoteThread target, ExitHook hook) {
        return engine.monitorForCall(target, hook);
    }

    @Override
    public void link(LocalThread local, RemoteThread remote) {
        engine.link(local, remote);
    }

    @Override
    public void unlink(LocalThread local, RemoteThread remote) {
        engine.unlink(local, remote);
    }

    @Override
    public void registerName(String name, LocalThread thread) {
        engine.names().register(name, thread);
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
