package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A peer that speaks threadwire's wire protocol by hand over a plain {@link Socket}, so that a
 * test can deviate from it at any byte. It re-implements the protocol from its description
 * (KryoNet's 4-byte big-endian length, a type byte, the body; the Hello / Challenge / Proof /
 * Welcome handshake with HMAC-SHA256 proofs; data frames of varint-length-prefixed items) with
 * the JDK's primitives only, independently of the library's code: a node welcoming this peer
 * is evidence that both agree on the protocol.
 *
 * <p>Not thread-safe: one test thread drives one peer.
 */
final class RawPeer implements AutoCloseable {
    // frame types
    static final int REGISTER_TCP = 0;
    static final int KEEP_ALIVE = 2;
    static final int HANDSHAKE = 10;
    static final int DATA = 11;
    // handshake kinds
    static final int HELLO = 1;
    static final int CHALLENGE = 2;
    static final int PROOF = 3;
    static final int WELCOME = 4;
    static final int REFUSED = 5;
    // item kinds
    static final int SEND_NAME = 2;
    static final int MONITOR = 4;
    static final int DOWN = 6;
    static final int HEARTBEAT = 9;
    static final int FRAGMENT_START = 10;
    static final int FRAGMENT_NEXT = 11;

    static final int PROTOCOL_VERSION = 1;
    /** Pieces of a fragmented item: well below the node's default 64 KiB frame. */
    static final int PIECE = 32 * 1024;

    private static final byte[] SERVER_LABEL = "threadwire server proof".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL = "threadwire client proof".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Fake node addresses claimed by raw peers: an address no node listens on. */
    private static final AtomicInteger FAKE_PORTS = new AtomicInteger(1_000);

    record Frame(int type, byte[] body) {
    }

    /** A Challenge as received: its bytes (MAC included), the part the server's MAC covers, and its fields. */
    record Challenge(byte[] bytes, byte[] signedPart, NodeAddress address, byte[] nonce, boolean encrypt, byte[] mac) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The first bytes sent, for replay: enough for a handshake and a few frames, and never a flood's worth of heap. */
    private static final int RECORDED = 64 * 1024;

    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
    private long lastSent = System.nanoTime();
    private byte[] hello;
    private Challenge challenge;
    private long transferIds;
    private long monitorIds;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to {@code node}; sends nothing. */
    static RawPeer connect(NodeAddress node) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(node.host(), node.port()), (int) Delays.PATIENCE.toMillis());
        s.setSoTimeout((int) Delays.PATIENCE.toMillis());
        return new RawPeer(s);
    }

    /** An address that no node listens on, for a raw peer to claim in its Hello. */
    static NodeAddress fakeAddress() {
        return new NodeAddress("127.0.0.3", FAKE_PORTS.incrementAndGet());
    }

    // ---- frames --------------------------------------------------------------------------------

    static byte[] frame(int type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(5 + body.length); // big-endian, as KryoNet's length
        b.putInt(1 + body.length).put((byte) type).put(body);
        return b.array();
    }

    void sendFrame(int type, byte[] body) throws IOException {
        sendRaw(frame(type, body));
    }

    /** Writes {@code bytes} as they are, and records them. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        recording.write(bytes, 0, Math.min(bytes.length, RECORDED - recording.size()));
        lastSent = System.nanoTime();
    }

    /**
     * Writes hostile bytes: the node may close the connection before it has read them all, so a
     * failed write is no error here ({@link #awaitClosed} tells whether the node closed it).
     */
    void sendHostile(byte[] bytes) {
        try {
            sendRaw(bytes);
        } catch (IOException closedAlready) {
            lastSent = System.nanoTime();
        }
    }

    /** The first 64 KiB this peer sent. */
    byte[] recording() {
        return recording.toByteArray();
    }

    Frame readFrame() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > 1 << 24) {
            throw new IOException("the node sent a frame length of " + length);
        }
        int type = in.readUnsignedByte();
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return new Frame(type, body);
    }

    /** The next frame that is not a KeepAlive. */
    private Frame readSignificantFrame() throws IOException {
        for (;;) {
            Frame f = readFrame();
            if (f.type() != KEEP_ALIVE) {
                return f;
            }
        }
    }

    /** Reads the RegisterTCP frame a KryoNet server sends first on every connection; returns its connection id. */
    int readRegistration() throws IOException {
        Frame f = readSignificantFrame();
        assertThat(f.type()).as("the first frame from the node").isEqualTo(REGISTER_TCP);
        assertThat(f.body()).hasSize(4);
        return ByteBuffer.wrap(f.body()).getInt();
    }

    // ---- handshake -------------------------------------------------------------------------------

    /** Sends a Hello claiming to be node {@code claimed}; returns its bytes (the handshake body). */
    byte[] sendHello(NodeAddress claimed, boolean encrypt) throws IOException {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        hello = new Bytes().u8(HELLO).varLong(PROTOCOL_VERSION).text(claimed.host()).varLong(claimed.port())
                .longLE(RANDOM.nextLong() & Long.MAX_VALUE | 1).raw(nonce).bool(encrypt).toArray();
        sendFrame(HANDSHAKE, hello);
        return hello;
    }

    /** Reads the node's Challenge (after its RegisterTCP, if not read yet). */
    Challenge readChallenge() throws IOException {
        Frame f = readSignificantFrame();
        if (f.type() == REGISTER_TCP) {
            f = readSignificantFrame();
        }
        assertThat(f.type()).as("frame type of the Challenge").isEqualTo(HANDSHAKE);
        byte[] b = f.body();
        assertThat(b[0] & 0xFF).as("handshake kind").isEqualTo(CHALLENGE);
        Reader r = new Reader(b, 1);
        r.varLong(); // version
        String host = r.text();
        int port = (int) r.varLong();
        r.longLE();
        byte[] nonce = r.bytes(32);
        boolean encrypt = r.u8() == 1;
        int signed = r.position;
        byte[] mac = r.bytes(32);
        assertThat(r.position).as("Challenge length").isEqualTo(b.length);
        challenge = new Challenge(b, Arrays.copyOf(b, signed), new NodeAddress(host, port), nonce, encrypt, mac);
        return challenge;
    }

    /** Whether the node's Challenge proves it holds {@code secret}. */
    boolean serverProofValid(byte[] secret) {
        return Arrays.equals(hmac(secret, SERVER_LABEL, hello, challenge.signedPart()), challenge.mac());
    }

    /** The Proof a client holding {@code secret} sends for the Hello and Challenge of this connection. */
    byte[] clientProof(byte[] secret) {
        return hmac(secret, CLIENT_LABEL, hello, challenge.bytes());
    }

    void sendProof(byte[] mac) throws IOException {
        sendFrame(HANDSHAKE, new Bytes().u8(PROOF).raw(mac).toArray());
    }

    /** Reads the node's answer to the Proof: {@link #WELCOME} or {@link #REFUSED}. */
    int readAnswer() throws IOException {
        Frame f = readSignificantFrame();
        assertThat(f.type()).as("frame type of the answer to the Proof").isEqualTo(HANDSHAKE);
        return f.body()[0] & 0xFF;
    }

    /** Runs the whole handshake as a node would, claiming {@code claimed}; returns the node's answer. */
    int handshake(byte[] secret, NodeAddress claimed) throws IOException {
        readRegistration();
        sendHello(claimed, false);
        readChallenge();
        sendProof(clientProof(secret));
        return readAnswer();
    }

    /** Authenticates with {@code secret} under a fake address; asserts the node welcomed this peer. */
    RawPeer authenticate(byte[] secret) throws IOException {
        assertThat(handshake(secret, fakeAddress())).as("the node's answer to a correct Proof").isEqualTo(WELCOME);
        return this;
    }

    // ---- data --------------------------------------------------------------------------------------

    /** Sends one data frame holding {@code items}, each prefixed with its varint length. */
    void sendItems(byte[]... items) throws IOException {
        Bytes body = new Bytes();
        for (byte[] item : items) {
            body.varLong(item.length).raw(item);
        }
        sendFrame(DATA, body.toArray());
    }

    /** Sends one item: in one frame if it fits, else as a fragmented transfer of {@link #PIECE}-byte pieces. */
    void sendItem(byte[] item) throws IOException {
        if (item.length <= PIECE) {
            sendItems(item);
            return;
        }
        long id = ++transferIds;
        for (int offset = 0; offset < item.length; offset += PIECE) {
            byte[] piece = Arrays.copyOfRange(item, offset, Math.min(item.length, offset + PIECE));
            sendItems(offset == 0 ? fragmentStart(id, item.length, piece) : fragmentNext(id, piece));
        }
    }

    /** A Send item to the thread registered as {@code name}, carrying {@code payload} (Kryo bytes). */
    static byte[] sendByName(String name, byte[] payload) {
        return new Bytes().u8(SEND_NAME).text(name).raw(payload).toArray();
    }

    static byte[] fragmentStart(long transferId, long declaredTotal, byte[] chunk) {
        return new Bytes().u8(FRAGMENT_START).varLong(transferId).varLong(declaredTotal).raw(chunk).toArray();
    }

    static byte[] fragmentNext(long transferId, byte[] chunk) {
        return new Bytes().u8(FRAGMENT_NEXT).varLong(transferId).raw(chunk).toArray();
    }

    /** A Monitor item watching the thread registered as {@code name} under {@code monitorId}. */
    static byte[] monitorByName(long monitorId, String name) {
        return new Bytes().u8(MONITOR).varLong(monitorId).u8(1).text(name).toArray();
    }

    /**
     * Waits until the node has handled every item this peer sent before: sends a Monitor of a
     * name no thread holds, and waits for the node's Down for it (items are handled in order).
     */
    void sync() throws IOException {
        long id = ++monitorIds;
        sendItems(monitorByName(id, "no-such-thread-" + id));
        for (;;) {
            Frame f = readSignificantFrame();
            if (f.type() != DATA) {
                continue;
            }
            Reader items = new Reader(f.body(), 0);
            while (items.position < f.body().length) {
                int length = (int) items.varLong();
                int start = items.position;
                if (length > 1 && (f.body()[start] & 0xFF) == DOWN && new Reader(f.body(), start + 1).varLong() == id) {
                    return;
                }
                items.position = start + length;
            }
        }
    }

    // ---- the end of the connection -----------------------------------------------------------------

    /**
     * Waits until the node closes this connection (end of stream, or a reset), discarding what
     * it sends meanwhile; returns the time since this peer last sent anything.
     *
     * @throws AssertionError if the connection is still open after {@code within}
     */
    Duration awaitClosed(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[8192];
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the node left the connection open for " + within + " after this peer's last bytes");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    break;
                }
            } catch (SocketTimeoutException e) {
                // checked against the deadline above
            } catch (IOException e) { // reset: closed too
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - lastSent);
    }

    /**
     * {@link #awaitClosed} for many peers at once, one virtual thread each, so that each closing
     * is timed when it happens; returns the durations in the peers' order.
     */
    static List<Duration> awaitAllClosed(List<RawPeer> peers, Duration within) throws Exception {
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Duration>> closings = new ArrayList<>();
            for (RawPeer p : peers) {
                closings.add(waiters.submit(() -> p.awaitClosed(within)));
            }
            List<Duration> durations = new ArrayList<>();
            for (Future<Duration> f : closings) {
                try {
                    durations.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
            return durations;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- encoding --------------------------------------------------------------------------------

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The protocol's hand-encoded parts: bytes, unsigned LEB128 varints, little-endian longs, length-prefixed UTF-8. */
    static final class Bytes {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Bytes u8(int v) {
            b.write(v);
            return this;
        }

        Bytes bool(boolean v) {
            return u8(v ? 1 : 0);
        }

        Bytes varLong(long v) {
            while ((v & ~0x7FL) != 0) {
                b.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b.write((int) v);
            return this;
        }

        Bytes longLE(long v) {
            for (int i = 0; i < 8; i++) {
                b.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes text(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return varLong(utf8.length).raw(utf8);
        }

        Bytes raw(byte[] bytes) {
            b.writeBytes(bytes);
            return this;
        }

        byte[] toArray() {
            return b.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] b;
        int position;

        Reader(byte[] b, int position) {
            this.b = b;
            this.position = position;
        }

        int u8() {
            return b[position++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
        }

        long longLE() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) u8() << (8 * i);
            }
            return v;
        }

        byte[] bytes(int n) {
            byte[] r = Arrays.copyOfRange(b, position, position + n);
            position += n;
            return r;
        }

        String text() {
            int n = (int) varLong();
            return new String(bytes(n), StandardCharsets.UTF_8);
        }
    }
}
