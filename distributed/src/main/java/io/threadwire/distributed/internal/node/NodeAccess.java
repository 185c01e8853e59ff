package io.threadwire.distributed.internal.node;

import io.threadwire.distributed.Node;

/**
 * The bridge from a public {@link Node} to its engine, installed by {@code Node} itself so that
 * neither has to make the engine public API (the JDK's "shared secrets" pattern). Only the
 * module's own packages (the test kit's SPI among them) reach it.
 */
public final class NodeAccess {

    /** Implemented in the public package, where the node's engine field is visible. */
    public interface Bridge {
        NodeEngine engine(Node node);
    }

    private static volatile Bridge bridge;

    private NodeAccess() {
    }

    /** Called once, by {@link Node}'s static initializer. */
    public static void install(Bridge b) {
        bridge = b;
    }

    /** The engine behind {@code node}. */
    public static NodeEngine engine(Node node) {
        Bridge b = bridge;
        if (b == null) {
            try { // initializing Node installs the bridge
                Class.forName(Node.class.getName(), true, Node.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b.engine(node);
    }
}
