package io.threadwire.serialize.internal;

import io.threadwire.serialize.AdmittedTypes;
import java.util.Collections;

/**
 * Whether a node that admits what an {@link AdmittedTypes} describes would decode a class the
 * way this node writes it: built-in classes always; a class registered here only if registered
 * there with the same id (else the id means nothing, or something else, there); a class that
 * travels by name from here if the peer registered it, allows its package, or admits it by its
 * marker (the peer checks its own copy; nodes are expected to share their message classes).
 */
public final class PeerAdmission {
    private PeerAdmission() {
    }

    /**
     * Why the peer would not decode {@code type} written with registration id {@code localId}
     * ({@code -1} when it travels by name), in words, or null if it would.
     */
    public static String refusal(AdmittedTypes peer, Class<?> type, int localId) {
        if (BuiltInTypes.contains(type)) { // ThreadRef[] too, though ThreadRef itself is not one
            return null;
        }
        if (type.isArray()) {
            Class<?> element = type;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            return element.isPrimitive() || BuiltInTypes.contains(element) ? null : refusal(peer, element, -1);
        }
        String name = type.getName();
        Integer theirs = peer.registered().get(name);
        if (localId >= BuiltInTypes.FIRST_APPLICATION_ID) {
            if (theirs == null) {
                return "the receiving node has not registered it (this node registered it, as id " + localId
                        + "); register it there too";
            }
            return theirs == localId ? null : "the receiving node registered it with id " + theirs + ", this node with id "
                    + localId + "; register it with the same id on every node";
        }
        if (theirs != null || peer.admitsMarkedTypes() && MessageMarker.isMarked(type)) {
            return null;
        }
        // each package the name lies in, looked up in the sorted list: a peer that lists thousands of
        // packages costs a few lookups per class, not a pass over its list
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            if (Collections.binarySearch(peer.allowedPackages(), name.substring(0, dot)) >= 0) {
                return null;
            }
        }
        return "the receiving node does not admit it: it neither registered it nor allows its package"
                + (peer.admitsMarkedTypes() ? "" : ", and it does not admit @Message types")
                + "; admit it the same way on every node";
    }
}
