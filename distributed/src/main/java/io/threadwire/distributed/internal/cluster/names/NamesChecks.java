package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.function.Predicate;

/**
 * What a peer's names messages must respect before they are applied: names of 1 to
 * {@value NamesService#MAX_NAME} characters, entries whose thread is a thread of another node
 * and whose claim is the sending node's own. A claim names its home by the address the home
 * calls itself by, which may be a host name where this node files the home under the name's IP.
 * Each check returns the problem in words, or null.
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

    /**
     * @param sender   the node whose own entry it must be (its address and incarnation in the claim); null: any (a third node's)
     * @param ofSender whether an address names the sender, as it calls itself or as this node files it; unused without a sender
     */
    static String entry(Entry e, String name, Party sender, Predicate<NodeAddress> ofSender) {
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
                || !e.claim().home().equals(sender.address()) && !ofSender.test(e.claim().home()))) {
            return "global name '" + name + "' claimed for another node than the sender";
        }
        return null;
    }
}
