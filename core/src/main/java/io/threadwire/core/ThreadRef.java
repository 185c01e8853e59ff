package io.threadwire.core;

/**
 * Where a message can be sent: a thread of this JVM ({@link LocalThread}) or a thread of
 * another node ({@link RemoteThread}).
 *
 * <p>Handles are values: two handles are equal when they name the same thread, and a handle
 * may be kept, compared, put in collections and sent inside messages. A {@link LocalThread}
 * that travels to another node arrives there as a {@link RemoteThread}; a remote handle that
 * comes back to the node it names becomes the same {@link LocalThread} again.
 *
 * <p>Holding a handle never keeps a thread alive, and a handle may outlive its thread: a
 * {@link Messaging#send send} to an ended thread is dropped and counted.
 */
public sealed interface ThreadRef permits LocalThread, RemoteThread {
}
