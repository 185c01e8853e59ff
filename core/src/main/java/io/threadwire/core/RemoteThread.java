package io.threadwire.core;

import java.util.Objects;

/**
 * A thread of another node: the node's address and either the name the thread is registered
 * under there ({@link Named}) or the thread's id in one incarnation of that node ({@link ById}).
 *
 * <p>A remote handle is a plain value; holding one opens no connection. The first
 * {@link Messaging#send send} to a node opens the one connection between the two nodes.
 *
 * <p>A {@link Named} handle reaches whatever thread holds the name when the message arrives,
 * on whichever incarnation of the node is running. A {@link ById} handle reaches one thread of
 * one incarnation: after the node restarts, messages to it are dropped and counted, and a
 * monitor on it reports {@code noproc}.
 */
public sealed interface RemoteThread extends ThreadRef permits RemoteThread.Named, RemoteThread.ById {

    /** The node the thread lives on. */
    NodeAddress node();

    /** A handle to the thread registered under {@code name} on {@code node}. */
    static Named named(NodeAddress node, String name) {
        return new Named(node, name);
    }

    /**
     * The thread registered under a name on a node.
     *
     * @param node the node
     * @param name the registered name, not blank
     */
    record Named(NodeAddress node, String name) implements RemoteThread {
        /**
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Named {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("thread name is blank; give the name the thread is registered under on its node");
            }
        }

        @Override
        public String toString() {
            return name + "@" + node;
        }
    }

    /**
     * One thread of one incarnation of a node, as a {@link LocalThread} is written when it
     * travels inside a message.
     *
     * <p>Handles are ordered, as Erlang orders pids: by node (host, then port), incarnation and
     * id. So they sort, and a hash table that holds many of one node's threads (whose ids that
     * node chooses) stays O(log n) a lookup even when their hash codes collide.
     *
     * @param node        the node
     * @param incarnation the node's incarnation (a new one each time a node starts)
     * @param id          the thread's id on that node
     */
    record ById(NodeAddress node, long incarnation, long id) implements RemoteThread, Comparable<ById> {
        /** @throws NullPointerException if {@code node} is null */
        public ById {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public int compareTo(ById o) {
            int c = node.host().compareTo(o.node.host());
            if (c == 0) {
                c = Integer.compare(node.port(), o.node.port());
            }
            if (c == 0) {
                c = Long.compare(incarnation, o.incarnation);
            }
            return c != 0 ? c : Long.compare(id, o.id);
        }

        @Override
        public String toString() {
            return "#" + id + "@" + node + "/" + Long.toHexString(incarnation);
        }
    }
}
