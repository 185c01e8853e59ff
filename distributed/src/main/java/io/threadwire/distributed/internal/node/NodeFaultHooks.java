package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fault hooks of one node ({@link NodeFaults}): its link filters, its gate, its crash. */
final class NodeFaultHooks implements NodeFaults {
    private static final Logger LOG = LoggerFactory.getLogger(NodeFaultHooks.class);

    private final NodeEngine engine;
    private final LinkFilters filters;
    private final FaultGate gate;

    NodeFaultHooks(NodeEngine engine, LinkFilters filters, FaultGate gate) {
        this.engine = engine;
        this.filters = filters;
        this.gate = gate;
    }

    @Override
    public void filter(NodeAddress peer, LinkFilter filter) {
        filters.filter(peer, filter);
    }

    @Override
    public void awaitAttemptInFlight(NodeAddress peer) {
        filters.awaitAttemptInFlight(peer);
    }

    @Override
    public LinkFilter filter(NodeAddress peer) {
        return filters.filter(peer);
    }

    @Override
    public void freeze() {
        if (engine.isClosed()) {
            throw new IllegalStateException("node " + engine.address() + " is " + (gate.isCrashed() ? "crashed" : "closed")
                    + ": there is nothing to freeze");
        }
        if (gate.freeze()) {
            LOG.info("node {} frozen (test hook)", engine.address());
        }
    }

    @Override
    public void thaw() {
        if (gate.thaw()) {
            LOG.info("node {} thawed (test hook)", engine.address());
        }
    }

    @Override
    public boolean isFrozen() {
        return gate.isFrozen();
    }

    @Override
    public void crash() {
        engine.crash();
    }

    @Override
    public boolean isCrashed() {
        return gate.isCrashed();
    }

    @Override
    public void stopThreads() {
        engine.stopThreads();
    }

    @Override
    public long connectionsLost() {
        return engine.connectionsLost();
    }

    @Override
    public String describeLinks() {
        return engine.describeLinks();
    }
}
