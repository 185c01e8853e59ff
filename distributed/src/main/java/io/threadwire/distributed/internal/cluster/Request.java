package io.threadwire.distributed.internal.cluster;

/**
 * A call from this node's own threads to one of its services: delivered to the service's
 * mailbox directly (never over a connection, never serialized) and answered through its
 * {@link Reply}.
 */
public interface Request {
    Reply reply();
}
