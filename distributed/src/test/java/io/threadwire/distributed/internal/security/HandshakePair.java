package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.serialize.MessageTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;

/**
 * Two handshakes, a dialing and an accepting one, wired to each other in memory: what one sends
 * the other receives (through {@code tamper}, which may change the bytes), one message at a
 * time, until neither has anything left to say. Records how each side ended.
 */
final class HandshakePair {

    /** One side: its handshake and what became of it. */
    static final class Side implements HandshakeChannel {
        final Deque<byte[]> outbox = new ArrayDeque<>();
        final String label;
        Handshake handshake;
        PeerIdentity remote;
        FrameCipher cipher;
        String closed;
        boolean duplicate;
        Verdict verdict = Verdict.ACCEPT;

        Side(String label) {
            this.label = label;
        }

        @Override
        public void sendHandshake(byte[] body) {
            if (closed == null) {
                outbox.add(body);
            }
        }

        @Override
        public void close(String reason) {
            if (closed == null) {
                closed = reason;
            }
        }

        @Override
        public String socketAddress() {
            return label;
        }

        @Override
        public void refusedAsDuplicate() {
            duplicate = true;
            close("duplicate");
        }

        @Override
        public void authenticated() {
        }

        @Override
        public void established(PeerIdentity r, FrameCipher c) {
            remote = r;
            cipher = c;
        }

        @Override
        public String reasonToStop(PeerIdentity claimed) {
            return null;
        }

        @Override
        public Verdict mayAccept(PeerIdentity claimed) {
            return verdict;
        }

        boolean established() {
            return cipher != null && closed == null;
        }
    }

    static final NodeAddress DIALER = new NodeAddress("10.0.0.1", 9001);
    static final NodeAddress ACCEPTOR = new NodeAddress("10.0.0.2", 9002);

    final Side dialer = new Side("dialer");
    final Side acceptor = new Side("acceptor");
    private byte[] lastRefusal;

    /** The last Refused the acceptor sent, as sent. */
    byte[] lastRefusal() {
        return lastRefusal;
    }

    HandshakePair(LocalIdentity dialing, LocalIdentity accepting) {
        dialer.handshake = new Handshake(dialing, dialer, true);
        acceptor.handshake = new Handshake(accepting, acceptor, false);
    }

    static LocalIdentity identity(NodeAddress address, String name, boolean encrypt, MessageTypes types, String secret,
                                  String previous) {
        return new LocalIdentity(address, 7, name, false, encrypt, new Authenticator(bytes(secret),
                previous == null ? null : bytes(previous)), types.admitted());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the handshake; {@code tamper} sees (and may replace) each message, numbered from 0 in the order sent. */
    HandshakePair run(TamperFunction tamper) {
        dialer.handshake.sendHello();
        int n = 0;
        for (;;) {
            if (!dialer.outbox.isEmpty()) {
                deliver(acceptor, tamper.apply(n++, dialer.outbox.poll()));
            } else if (!acceptor.outbox.isEmpty()) {
                byte[] sent = acceptor.outbox.poll();
                if (sent[0] == io.threadwire.distributed.internal.wire.Protocol.REFUSED) {
                    lastRefusal = sent;
                }
                deliver(dialer, tamper.apply(n++, sent));
            } else {
                return this;
            }
        }
    }

    HandshakePair run() {
        return run((i, b) -> b);
    }

    private static void deliver(Side to, byte[] bytes) {
        if (to.closed != null || bytes == null) {
            return;
        }
        try {
            to.handshake.onMessage(HandshakeCodec.decode(bytes, 0, bytes.length), bytes);
        } catch (ProtocolException e) {
            to.close("protocol violation: " + e.getMessage());
        }
    }

    /** Sees message {@code index} (its bytes) and returns what is delivered (null: nothing). */
    interface TamperFunction {
        byte[] apply(int index, byte[] bytes);
    }

    static UnaryOperator<byte[]> flipBit(int at) {
        return b -> {
            byte[] c = b.clone();
            c[at % c.length] ^= 0x10;
            return c;
        };
    }
}
