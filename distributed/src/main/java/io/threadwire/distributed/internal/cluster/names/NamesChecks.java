package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;

/**
 * What a peer's names messages must respect before they are applied: names of 1 to
 * {@value NamesService#MAX_NAME} characters, entries whose thread is a thread of another node
 * and whose claim is the sending node's own. Each check returns the problem in words, or null.
 */
final class NamesChecks {
    private NamesChecks() {
    }

    static String name(String name) {
        if (name == null || name.isEmpty() || name.length() > NamesService.MAX_NAME) {
            return "a global name of " + (name == null ? "null" : name.length() + " characters");
        }
        return null;
    }

    /** @param sender the node whose own entry it must be (its address and incarnation in the claim); null: any (a third node's) */
    static String entry(Entry e, String name, Party sender) {
        if (e == null || e.claim() == null || e.claim().home() == null) {
            return "an incomplete global-name entry";
        }
        String problem = name(e.name());
        if (problem != null) {
            return problem;
        }
        if (!e.name().equals(name)) {
            return "an entry for '" + e.name() + "' sent as one for '" + name + "'";
        }
        if (!(e.thread() instanceof RemoteThread.ById)) {
            return "global name '" + name + "' held by " + e.thread() + ", not a thread of another node";
        }
        if (sender != null && (e.claim().homeIncarnation() != sender.incarnation()
                || !e.claim().home().equals(sender.address()))) {
            return "global name '" + name + "' claimed for another node than the sender";
        }
        return null;
    }
}
