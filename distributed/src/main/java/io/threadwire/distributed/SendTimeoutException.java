package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadwireException;

/**
 * A send waited {@link NodeConfig#sendTimeout()} for room in the connection's outbound queue
 * ({@link NodeConfig#outboundBufferSize()}) and gave up: the receiving node does not take
 * messages as fast as they are sent. The message was not sent.
 */
public class SendTimeoutException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    public SendTimeoutException(NodeAddress node, long queuedBytes) {
        super("the connection to " + node + " has had " + queuedBytes + " bytes queued for longer than the send timeout;"
                + " the message was not sent (the receiver is slower than the sender: slow down, or raise"
                + " NodeConfig sendTimeout / outboundBufferSize)");
    }
}
