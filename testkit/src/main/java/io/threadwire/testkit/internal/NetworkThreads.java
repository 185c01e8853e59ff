package io.threadwire.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The network threads of nodes, found by name: a node's server loop is
 * {@code threadwire-net-PORT}, each connection it dialed {@code threadwire-net-PORT-to-PEER}.
 * Platform threads, so the JVM can list them.
 */
final class NetworkThreads {
    private NetworkThreads() {
    }

    /** The names of the live network threads of the nodes on {@code ports}. */
    static List<String> running(Set<Integer> ports) {
        List<String> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && name.startsWith("threadwire-net-") && ports.contains(portOf(name))) {
                found.add(name);
            }
        }
        return found;
    }

    private static int portOf(String name) {
        int start = "threadwire-net-".length();
        int end = name.indexOf('-', start);
        try {
            return Integer.parseInt(end < 0 ? name.substring(start) : name.substring(start, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
