package io.threadwire.distributed.internal.node;

import io.threadwire.distributed.internal.link.ServiceBacklog;

/**
 * A peer's message on its way to a service thread, counted in its channel's
 * {@link ServiceBacklog} until the service has handled it ({@link #handled}), which the
 * service's loop says.
 */
public record ServiceDelivery(ServiceMessage message, ServiceBacklog backlog, long cost) {
    /** The service is done with the message: the channel's reader may hand on more. */
    public void handled() {
        backlog.release(cost);
    }
}
