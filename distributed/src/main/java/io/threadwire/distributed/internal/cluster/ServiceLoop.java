package io.threadwire.distributed.internal.cluster;

import io.threadwire.core.ExitSignalException;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.internal.node.ServiceDelivery;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of every service thread: starts the service, then hands it each message in arrival
 * order (never selectively, so what one peer sent is handled in the order it was sent). A
 * message whose handling fails, with an exception or an {@link Error}, is logged and dropped,
 * and the service goes on; a local request that failed is answered with the failure. The loop
 * ends only when the node stops the thread. A failure while the node closes or crashes (an
 * answer it can no longer send, a thread it can no longer start) is the node's ending, not a
 * fault of the service: it is logged at debug level, so that closing a busy node logs no error.
 */
public final class ServiceLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoop.class);

    private ServiceLoop() {
    }

    /** @param nodeClosing whether the node has begun to close or crash */
    public static void run(String name, Service service, BooleanSupplier nodeClosing) {
        service.start();
        for (;;) {
            Object message = Messaging.receive(); // throws when the node stops this thread: the service ends
            ServiceDelivery counted = message instanceof ServiceDelivery d ? d : null; // a peer's: its reader waits on it
            if (counted != null) {
                message = counted.message();
            }
            try {
                service.handle(message);
            } catch (ExitSignalException e) {
                throw e;
            } catch (Throwable e) {
                // An Error too (a StackOverflowError from one odd message, say): were it to end this
                // thread, the node would stay open without the service, its callers told the node
                // is closed and its peers never told of what it owned. One message's handling is
                // confined to that message, so dropping it and going on serves everyone better than
                // closing the whole node for it.
                failed(name, message, e, nodeClosing.getAsBoolean());
            } finally {
                if (counted != null) {
                    counted.handled();
                }
            }
        }
    }

    private static void failed(String name, Object message, Throwable e, boolean nodeClosing) {
        if (message instanceof Request r) {
            r.reply().fail(e);
        }
        if (nodeClosing && !(e instanceof Error)) {
            LOG.debug("{}: dropped a {} that failed as the node closed: {}", name, message.getClass().getSimpleName(), e.toString());
        } else if (!(message instanceof Request) || e instanceof Error) { // a caller is told of an exception; an Error is the service's bug
            LOG.error("{}: dropped a {} that failed", name, message.getClass().getSimpleName(), e);
        }
    }
}
