package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.distributed.Member;
import io.threadwire.distributed.NodeInfo;
import io.threadwire.distributed.NodeStats;
import io.threadwire.serialize.MessageTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes the cluster services exchange between nodes, admitted by every node's codec and
 * travelling as 4-byte ids derived from their names (a clash with an application class's id is
 * refused when the node starts, naming both).
 */
public final class ClusterTypes {
    private ClusterTypes() {
    }

    /** Every class of the cluster protocol. */
    public static List<Class<?>> all() {
        List<Class<?>> types = new ArrayList<>();
        types.add(Member.class);
        types.add(NodeInfo.class);
        types.add(NodeStats.class);
        for (Class<?> family : List.of(MembersProtocol.class, GroupsProtocol.class, NamesProtocol.class,
                InspectProtocol.class, SpawnProtocol.class)) {
            types.addAll(List.of(family.getPermittedSubclasses()));
        }
        return types;
    }

    /** {@code types} and the cluster protocol's classes. */
    public static MessageTypes with(MessageTypes types) {
        MessageTypes.Builder b = MessageTypes.builder().addAll(types);
        for (Class<?> c : all()) {
            if (!types.registered().containsKey(c)) {
                b.register(c);
            }
        }
        return b.build();
    }
}
