package io.threadwire.serialize;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;

/**
 * How thread handles cross the wire for one node: the node implements this and gives it to its
 * {@link MessageCodec}. Both methods are called on encoding and decoding threads and must not
 * block.
 */
public interface HandleResolver {

    /**
     * The remote form of a thread of this JVM: its node's address and incarnation and its id.
     * Makes the thread reachable from the network for as long as it lives.
     */
    RemoteThread.ById export(LocalThread thread);

    /**
     * The handle a decoded {@code ById} stands for here: the {@link LocalThread} itself if it
     * names a live thread of this node's current incarnation, else the remote handle unchanged.
     */
    ThreadRef resolve(RemoteThread.ById handle);
}
