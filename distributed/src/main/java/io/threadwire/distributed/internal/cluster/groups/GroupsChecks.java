package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.protocol.GroupsProtocol;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a peer's groups messages must respect before they are applied: the cluster limits (a
 * correct peer's own API refuses to go past them), group names of 1 to
 * {@value GroupsService#MAX_NAME} characters, and members that are threads of the sending node
 * (a node tells only of its own threads' joins).
 * Each check returns the problem in words, or null.
 */
final class GroupsChecks {
    private GroupsChecks() {
    }

    static String sync(GroupsProtocol.Sync sync, NodeAddress sender, Predicate<NodeAddress> ofSender, ClusterLimits limits) {
        Map<String, List<ThreadRef>> groups = sync.groups();
        if (groups == null) {
            return "a Sync without groups";
        }
        if (groups.size() > limits.maxGroups()) {
            return "maxGroups (" + limits.maxGroups() + ") exceeded: " + groups.size() + " groups";
        }
        long total = 0;
        for (var e : groups.entrySet()) {
            String problem = group(e.getKey(), e.getValue(), sender, ofSender);
            if (problem != null) {
                return problem;
            }
            total += e.getValue().size();
        }
        if (total > limits.maxGroupMemberships()) {
            return "maxGroupMemberships (" + limits.maxGroupMemberships() + ") exceeded: " + total + " joins";
        }
        return null;
    }

    static String join(GroupsProtocol.Join join, NodeAddress sender, Predicate<NodeAddress> ofSender, PeerGroups state,
                       ClusterLimits limits) {
        String problem = group(join.group(), join.threads(), sender, ofSender);
        if (problem != null) {
            return problem;
        }
        if (!state.joins().has(join.group()) && state.joins().groups() >= limits.maxGroups()) {
            return "maxGroups (" + limits.maxGroups() + ") exceeded";
        }
        if ((long) state.joins().total() + join.threads().size() > limits.maxGroupMemberships()) {
            return "maxGroupMemberships (" + limits.maxGroupMemberships() + ") exceeded";
        }
        return null;
    }

    /** A Leave takes back at most what the peer may hold: {@code maxGroupMemberships} entries. */
    static String leave(GroupsProtocol.Leave leave, NodeAddress sender, Predicate<NodeAddress> ofSender,
                        ClusterLimits limits) {
        String problem = group(leave.group(), leave.threads(), sender, ofSender);
        if (problem == null && leave.threads().size() > limits.maxGroupMemberships()) {
            problem = "a Leave of " + leave.threads().size() + " entries, over maxGroupMemberships ("
                    + limits.maxGroupMemberships() + ")";
        }
        return problem;
    }

    private static String group(String name, List<ThreadRef> threads, NodeAddress sender,
                                Predicate<NodeAddress> ofSender) {
        if (name == null || name.isEmpty() || name.length() > GroupsService.MAX_NAME) {
            return "a group name of " + (name == null ? "null" : name.length() + " characters");
        }
        if (threads == null) {
            return "group '" + name + "' without a member list";
        }
        for (ThreadRef t : threads) {
            if (!(t instanceof RemoteThread.ById b) || !b.node().equals(sender) && !ofSender.test(b.node())) {
                return "group '" + name + "' has a member that is not a thread of the sending node: " + t;
            }
        }
        return null;
    }
}
