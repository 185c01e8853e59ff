package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadwireException;

/**
 * A send waited {@link TimeoutConfig#send() NodeConfig.timeouts().send()} for room in the connection's outbound queue
 * ({@link LimitConfig#outboundBufferSize() NodeConfig.limits().outboundBufferSize()}) and gave up.
 *
 * @deprecated no longer thrown: a send never throws for the network. A peer that does not drain
 *             its connection within the send timeout is treated as failed (its connection
 *             closes, every monitor and link on it fires) and the message is dropped and counted.
 */
@Deprecated
public class SendTimeoutException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** The connection to {@code node} held {@code queuedBytes} for longer than the send timeout. */
    public SendTimeoutException(NodeAddress node, long queuedBytes) {
        super("the connection to " + node + " has had " + queuedBytes + " bytes queued for longer than the send timeout;"
                + " the message was not sent (the receiver is slower than the sender: slow down, or raise"
                + " NodeConfig sendTimeout / outboundBufferSize)");
    }
}
