package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The accepting side of protocol 3, by hand: a socket a real node dials, which answers as a node
 * would or deviates where a test wants (a Challenge that claims another address, a Welcome
 * without the right proof, a refusal with a reason of its choosing). Built on the same
 * description as {@link RawPeer} ({@link RawHandshake} for the keys); listens on a loopback
 * address and port of its own. Not thread-safe: one test thread drives it.
 */
final class RawServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The dialer's Hello, as received. */
    record Hello(NodeAddress address, String name, int flags, boolean encrypt) {
    }

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private RawHandshake handshake;
    private final List<Integer> kindsReceived = new ArrayList<>();

    RawServer(String host) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0));
    }

    /** Where it listens: the address a node dials. */
    NodeAddress address() {
        return new NodeAddress(server.getInetAddress().getHostAddress(), server.getLocalPort());
    }

    /** Waits for the node to dial, sends KryoNet's RegisterTCP (a KryoNet client waits for it), and reads the Hello. */
    Hello acceptHello() throws IOException {
        server.setSoTimeout((int) LONG.toMillis());
        socket = server.accept();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) LONG.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        write(RawPeer.frame(RawPeer.REGISTER_TCP, ByteBuffer.allocate(4).putInt(1).array()));
        handshake = new RawHandshake();
        byte[] b = readHandshake();
        assertThat(b[0] & 0xFF).as("the dialer's first message").isEqualTo(RawPeer.HELLO);
        RawPeer.Reader r = new RawPeer.Reader(b, 1); // after the kind byte
        r.varLong(); // version
        r.varLong(); // mechanisms
        NodeAddress a = new NodeAddress(r.text(), (int) r.varLong());
        r.skip(8);
        String name = r.text();
        int flags = (int) r.varLong();
        r.skip(32);
        byte[] key = r.bytes(32);
        boolean encrypt = r.u8() == RawPeer.ENCRYPTED;
        handshake.add(b);
        this.theirKey = key;
        return new Hello(a, name, flags, encrypt);
    }

    private byte[] theirKey;

    /** Sends a Challenge claiming to be {@code claimed}, the connection encrypted. */
    void sendChallenge(NodeAddress claimed) throws IOException {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] c = new RawPeer.Bytes().u8(RawPeer.CHALLENGE).varLong(RawPeer.PROTOCOL_VERSION)
                .varLong(RawPeer.MECHANISM_SECRET_X25519).text(claimed.host()).varLong(claimed.port())
                .longLE(RANDOM.nextLong() & Long.MAX_VALUE | 1).text("").varLong(0).raw(nonce).raw(handshake.publicKey())
                .u8(RawPeer.ENCRYPTED).toArray();
        handshake.add(c);
        write(RawPeer.frame(RawPeer.HANDSHAKE, c));
        handshake.agree(theirKey);
    }

    /**
     * Reads what the dialer sends next until its Proof (its extensions first); returns false if
     * the dialer closed the connection instead. {@link #kindsReceived} tells what came.
     */
    boolean readProof() throws IOException {
        for (;;) {
            byte[] b;
            try {
                b = readHandshake();
            } catch (IOException closed) {
                return false;
            }
            handshake.add(b);
            if ((b[0] & 0xFF) == RawPeer.PROOF) {
                return true;
            }
        }
    }

    /** The kinds of the handshake messages received so far. */
    List<Integer> kindsReceived() {
        return kindsReceived;
    }

    /** Sends this side's extensions (what it admits: the built-in types) and a Welcome carrying {@code mac}. */
    void sendExtensionsAndWelcome(byte[] secretForMac) throws IOException {
        byte[] admitted = io.threadwire.serialize.MessageTypes.builtInOnly().admitted().toBytes();
        byte[] sealed = RawHandshake.sealOnce(handshake.extensionKey(false),
                new RawPeer.Bytes().varLong(1).varLong(admitted.length).raw(admitted).toArray());
        byte[] ext = new RawPeer.Bytes().u8(RawPeer.EXTENSIONS).varLong(sealed.length).varLong(sealed.length).raw(sealed)
                .toArray();
        handshake.add(ext);
        write(RawPeer.frame(RawPeer.HANDSHAKE, ext));
        byte[] welcome = new RawPeer.Bytes().u8(RawPeer.WELCOME).raw(handshake.serverProof(secretForMac)).toArray();
        write(RawPeer.frame(RawPeer.HANDSHAKE, welcome));
    }

    /** Sends an unauthenticated refusal with {@code reason}. */
    void sendRefused(String reason) throws IOException {
        write(RawPeer.frame(RawPeer.HANDSHAKE, new RawPeer.Bytes().u8(RawPeer.REFUSED).varLong(2).text(reason).varLong(0)
                .toArray()));
    }

    /** Waits until the node closes the connection, reading and dropping what it sends; false if it is still open after {@code LONG}. */
    boolean awaitClosed() throws IOException {
        long deadline = System.nanoTime() + LONG.toNanos();
        byte[] sink = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (socket.getInputStream().read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    private byte[] readHandshake() throws IOException {
        for (;;) {
            int length = in.readInt();
            int type = in.readUnsignedByte();
            byte[] body = new byte[length - 1];
            in.readFully(body);
            if (type == RawPeer.KEEP_ALIVE) {
                continue;
            }
            assertThat(type).as("a frame from the dialer during the handshake").isEqualTo(RawPeer.HANDSHAKE);
            kindsReceived.add(body[0] & 0xFF);
            return body;
        }
    }

    private void write(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
