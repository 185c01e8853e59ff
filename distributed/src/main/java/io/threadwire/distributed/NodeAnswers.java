package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what a node service answered before {@link RemoteNode} hands it on: a broken or hostile
 * node may answer anything its codec lets through (a listing with null entries, an entry or an
 * answer of another type), and the caller is then told so as for any other bad call to that node,
 * with a {@link NodeUnreachableException} naming it, rather than a {@code NullPointerException}
 * or {@code ClassCastException} from inside the library. A listing is refused whole, never
 * passed on with its bad entries dropped: as Erlang's {@code gen_server:call} fails on a reply
 * that does not match, the caller learns the node misbehaves instead of reading a partial list
 * as the truth.
 */
final class NodeAnswers {
    private NodeAnswers() {
    }

    /**
     * {@code answer} as a {@code type}.
     *
     * @throws NodeUnreachableException if it is null or of another type
     */
    static <T> T as(NodeAddress node, InspectProtocol request, Object answer, Class<T> type) {
        if (!type.isInstance(answer)) {
            throw malformed(node, request, "a " + typeOf(answer) + " where a " + type.getSimpleName() + " belongs");
        }
        return type.cast(answer);
    }

    /**
     * {@code answer}, a listing whose every entry is a {@code type}, as a {@link Listing}.
     *
     * @throws NodeUnreachableException if it is not a listing or holds a null entry or one of another type
     */
    static <T> Listing<T> listing(NodeAddress node, InspectProtocol request, Object answer, Class<T> type) {
        InspectProtocol.Listing<?> l = as(node, request, answer, InspectProtocol.Listing.class);
        if (l.items() == null) {
            throw malformed(node, request, "a listing without entries");
        }
        List<T> entries = new ArrayList<>(l.items().size());
        for (Object entry : l.items()) {
            if (!type.isInstance(entry)) {
                throw malformed(node, request, "a listing with a " + typeOf(entry) + " entry where a "
                        + type.getSimpleName() + " belongs");
            }
            entries.add(type.cast(entry));
        }
        return new Listing<>(entries, l.truncated());
    }

    /** The exception for a malformed answer to {@code request}: what the caller of a node that misbehaves gets. */
    static NodeUnreachableException malformed(NodeAddress node, InspectProtocol request, String what) {
        return new NodeUnreachableException(node, "its node service answered " + request.getClass().getSimpleName()
                + " with " + what + " (a broken or hostile node)", null);
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
