package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import java.util.function.Consumer;

/**
 * KryoNet's callbacks, on its network thread: hands each frame and event to the connection's
 * {@link FrameHandler} and never blocks. Each new connection, dialed or accepted, has its socket's
 * buffers fixed ({@link SocketBuffers}); one accepted by a server then goes to {@code onAccepted},
 * which attaches a channel to it.
 */
public final class FrameListener extends Listener {
    private final Consumer<WireConnection> onAccepted;

    /** @param onAccepted runs for each accepted connection; null for a dialing client */
    public FrameListener(Consumer<WireConnection> onAccepted) {
        this.onAccepted = onAccepted;
    }

    @Override
    public void connected(Connection connection) {
        SocketBuffers.bound(connection); // before any frame: what waits in the kernel stays short
        if (onAccepted != null && connection instanceof WireConnection accepted) {
            onAccepted.accept(accepted); // a dialed channel exists before its connection does
        }
    }

    @Override
    public void received(Connection connection, Object object) {
        if (Attachment.of(connection) instanceof FrameHandler handler) {
            if (object instanceof InboundFrame frame && !handler.frameArrived(frame) || !handler.withinTurn()) {
                throw ReadGate.Paused.INSTANCE; // leaves KryoNet's read loop; the rest waits in its buffer
            }
        }
    }

    @Override
    public void disconnected(Connection connection) {
        if (Attachment.of(connection) instanceof FrameHandler handler) {
            handler.disconnected();
        }
    }

    @Override
    public void idle(Connection connection) {
        if (Attachment.of(connection) instanceof FrameHandler handler) {
            handler.writeBufferIdle();
        }
    }
}
