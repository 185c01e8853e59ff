package io.threadwire.distributed;

/**
 * What a thread started by name on this node runs ({@link Node#spawnable(String, Behaviour)}):
 * code does not travel, a node declares what other nodes may start on it. Runs on the new
 * thread, with the arguments the spawning node sent; an exception ends the thread with that
 * failure, which links and monitors see.
 */
@FunctionalInterface
public interface Behaviour {
    /** The body of the new thread; {@code args} as the caller gave them (decoded here). */
    void run(Object args) throws Exception;
}
