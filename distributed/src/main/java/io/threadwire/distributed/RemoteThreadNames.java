package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.internal.node.ClusterPort;
import java.util.Objects;

/**
 * What a node accepts to register as a remote thread name ({@link Node#registerRemoteThread}):
 * a thread of this JVM, under a name of at most 255 characters that is not one of the names
 * reserved for the node's own services. Each refusal says what to do instead.
 */
final class RemoteThreadNames {
    /** The longest name, in characters. */
    static final int MAX_LENGTH = 255;

    private RemoteThreadNames() {
    }

    /**
     * {@code thread} as the local thread to register under {@code name}.
     *
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM, or the name
     *                                  is reserved or longer than {@value #MAX_LENGTH} characters
     */
    static LocalThread checked(ThreadRef thread, String name) {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(name, "name");
        if (!(thread instanceof LocalThread local)) {
            throw new IllegalArgumentException("only a thread of this JVM can be registered on this node; " + thread
                    + " is a thread of another node: register it there");
        }
        if (name.startsWith(ClusterPort.RESERVED_PREFIX)) {
            throw new IllegalArgumentException("names starting with '" + ClusterPort.RESERVED_PREFIX
                    + "' are reserved for the node's own services; pick another name than '" + name + "'");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a remote thread name is at most " + MAX_LENGTH + " characters; '"
                    + name.substring(0, 20) + "...' has " + name.length());
        }
        return local;
    }
}
