package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
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
import java.nio.ByteOrder;
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
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A peer that speaks threadwire's wire protocol by hand over a plain {@link Socket}, so that a
 * test can deviate from it at any byte. It re-implements the protocol from its description
 * (KryoNet's 4-byte big-endian length, a type byte, the body; protocol 3's handshake, Hello /
 * Challenge / Extensions / Proof / Extensions / Welcome over an ephemeral X25519 exchange, see
 * {@link RawHandshake}; data frames of varint-length-prefixed items) with the JDK's primitives
 * only, independently of the library's code: a node welcoming this peer is evidence that both
 * agree on the protocol.
 *
 * <p>Encryption, likewise from its description: when either side's introduction asks for it
 * (the protection byte of the Hello or the Challenge), each direction gets its own AES-256 key
 * from the handshake, and the body of every data frame is the AES-GCM ciphertext of its items
 * and their length prefixes, with a 16-byte tag, under the 12-byte nonce of 4 zero bytes and the
 * direction's frame counter (8 bytes, little-endian, from 0), with the frame type (one byte, 11)
 * as associated data. This peer then seals the data frames it sends ({@link #dataFrame}) and
 * opens those it reads; a frame from the node that fails to open fails the test. Handshake
 * frames are never encrypted.
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
    static final int EXTENSIONS = 6;
    // item kinds
    static final int SEND = 1;
    static final int REPLY = 2;
    static final int MONITOR = 3;
    static final int DOWN = 5;
    static final int REASON_CRASHED = 4; // Protocol.REASON_CRASHED: a class name, a present flag, a message
    static final int LINK = 6;
    static final int EXIT = 14;
    static final int REASON_SHUTDOWN = 3;
    static final int LINK_EXIT = 16;
    static final int HEARTBEAT = 8;
    static final int FRAGMENT_START = 9;
    static final int FRAGMENT_NEXT = 10;
    static final int PING = 12;
    static final int PONG = 13;
    // a target: by id (id, incarnation) or by name
    static final int TARGET_BY_ID = 0;
    static final int TARGET_BY_NAME = 1;

    static final int PROTOCOL_VERSION = 4; // the wire protocol this peer speaks (Protocol.VERSION)
    static final int MECHANISM_SECRET_X25519 = 1;
    static final int PLAINTEXT = 0;
    static final int ENCRYPTED = 1;
    /** Most bytes of extensions in one Extensions message. */
    static final int EXTENSION_PIECE = 3072;
    /** Pieces of a fragmented item: well below the node's default 64 KiB frame. */
    static final int PIECE = 32 * 1024;

    /** The AES-GCM tag at the end of an encrypted data frame's body. */
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Fake node addresses claimed by raw peers: an address no node listens on. */
    private static final AtomicInteger FAKE_PORTS = new AtomicInteger(1_000);

    record Frame(int type, byte[] body) {
    }

    /** A Challenge as received: its bytes and its fields. */
    record Challenge(byte[] bytes, NodeAddress address, long incarnation, String name, int flags, byte[] nonce,
                     byte[] ephemeralKey, boolean encrypt) {
    }

    /** A Refused as received: its code, reason and MAC (empty if unauthenticated), and whether the MAC proves the secret. */
    record Refusal(int code, String reason, byte[] mac, boolean authentic) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The first bytes sent, for replay: enough for a handshake and a few frames, and never a flood's worth of heap. */
    private static final int RECORDED = 64 * 1024;

    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
    private long lastSent = System.nanoTime();
    private RawHandshake handshake;
    private boolean askedToEncrypt;
    private Challenge challenge;
    private Refusal refusal;       // the node's last refusal
    private byte[] provenSecret;   // the secret of the last Proof computed: the frame keys derive from it
    private byte[] serverExtensions = new byte[0];
    private FrameKeys keys;        // null while data frames travel in clear
    private RawTls tls;            // null unless this peer speaks TLS (the node is configured for it)
    private byte[] lastDataFrame;  // the last data frame read, as it came on the wire
    private long transferIds;
    /**
     * The ids of {@link #sync}'s monitors: far above those tests give their own (from 1), so that
     * a Down owed to a test's monitor is never taken for the answer to a sync.
     */
    private long monitorIds = 1L << 40;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to {@code node}; sends nothing. */
    static RawPeer connect(NodeAddress node) throws IOException {
        return connect(node, 0);
    }

    /** Opens a TCP connection to {@code node}, which runs in {@code mode}: with TLS in {@link WireMode#TLS}; sends nothing. */
    static RawPeer connect(NodeAddress node, WireMode mode) throws IOException {
        RawPeer p = connect(node, 0);
        return mode == WireMode.TLS ? p.withTls(SuiteTls.rawPeerContext()) : p;
    }

    /**
     * Makes this peer speak TLS with {@code context} (see {@link RawTls}): its TLS handshake runs
     * before its first handshake message; every handshake message and data frame then goes
     * through TLS.
     */
    RawPeer withTls(javax.net.ssl.SSLContext context) {
        tls = new RawTls(context);
        return this;
    }

    /** As {@link #withTls(javax.net.ssl.SSLContext)}, resuming a session the context holds for {@code node} if it can. */
    RawPeer withResumableTls(javax.net.ssl.SSLContext context, NodeAddress node) {
        tls = new RawTls(context, node.host(), node.port());
        return this;
    }

    /** Runs the TLS handshake now (else it runs before the first handshake message). */
    void startTls() throws IOException {
        tls.handshake(new RawTls.Wire() {
            @Override
            public void send(int type, byte[] body) throws IOException {
                sendFrame(type, body);
            }

            @Override
            public Frame read() throws IOException {
                return readWireFrame();
            }
        });
    }

    /**
     * Opens a TCP connection to {@code node} with a socket receive buffer of
     * {@code receiveBufferBytes} (0: the system's, which grows with use up to tens of megabytes
     * on Linux); sends nothing.
     */
    static RawPeer connect(NodeAddress node, int receiveBufferBytes) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        if (receiveBufferBytes > 0) {
            s.setReceiveBufferSize(receiveBufferBytes); // before connect: it sets the TCP window
        }
        s.connect(new InetSocketAddress(node.host(), node.port()), (int) LONG.toMillis());
        s.setSoTimeout((int) LONG.toMillis());
        return new RawPeer(s);
    }

    /** Opens a TCP connection to {@code node} from the local address {@code from} (a loopback address); sends nothing. */
    static RawPeer connectFrom(String from, NodeAddress node) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(node.host(), node.port()), (int) LONG.toMillis());
        s.setSoTimeout((int) LONG.toMillis());
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

    /** Takes one item of a data frame. */
    @FunctionalInterface
    interface ItemTaker {
        /**
         * @param kind the item's kind ({@link #SEND}, {@link #REPLY}, {@link #DOWN}...)
         * @param body a reader at the item's first byte after its kind; where it is left does not matter
         * @return whether the taker has all it waited for (the rest of the frame is taken still)
         */
        boolean take(int kind, Reader body) throws IOException;
    }

    /**
     * Reads frames and hands {@code taker} each item of each data frame (one frame carries one or
     * more items), until it has all it waited for; fails once {@link io.threadwire.testkit.Timeouts#LONG}
     * has passed, saying {@code progress}.
     */
    void readItemsUntil(ItemTaker taker, Supplier<String> progress) throws IOException {
        long deadline = System.nanoTime() + LONG.toNanos();
        for (boolean done = false; !done; ) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("not read within " + LONG + ": " + progress.get());
            }
            Frame f = readFrame();
            if (f.type() != DATA) {
                continue;
            }
            Reader items = new Reader(f.body(), 0);
            while (items.position < f.body().length) {
                int length = (int) items.varLong();
                int end = items.position + length;
                done |= taker.take(items.u8(), items);
                items.position = end;
            }
        }
    }

    /**
     * Reads the next frame; a data frame's body is opened first when the connection encrypts. Under
     * TLS, a TLS frame holding a handshake message is returned as a handshake frame of its plaintext.
     */
    Frame readFrame() throws IOException {
        for (;;) {
            Frame f = readWireFrame();
            if (tls == null || !tls.secured() || f.type() != RawTls.TLS_FRAME && f.type() != DATA) {
                if (f.type() == DATA) {
                    lastDataFrame = frame(f.type(), f.body());
                    return new Frame(DATA, keys == null ? f.body() : keys.open(f.body()));
                }
                return f;
            }
            if (f.type() == DATA) {
                lastDataFrame = frame(f.type(), f.body());
                return new Frame(DATA, tls.unwrap(f.body()));
            }
            byte[] plain = tls.unwrap(f.body());
            if (plain.length > 0) { // else a session ticket: no message
                return new Frame(HANDSHAKE, plain);
            }
        }
    }

    /** The next frame as it came on the wire. */
    private Frame readWireFrame() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > 1 << 24) {
            throw new IOException("the node sent a frame length of " + length);
        }
        int type = in.readUnsignedByte();
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return new Frame(type, body);
    }

    /** The last data frame read from the node, length prefix included, as it came on the wire (sealed, if encrypting). */
    byte[] lastDataFrame() {
        return lastDataFrame;
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

    /** Sends a Hello claiming to be node {@code claimed} (no name, no flags); returns its bytes (the handshake body). */
    byte[] sendHello(NodeAddress claimed, boolean encrypt) throws IOException {
        return sendHello(claimed, encrypt, "", 0);
    }

    /** Sends a Hello claiming to be node {@code claimed}, named {@code name}, with {@code flags}. */
    byte[] sendHello(NodeAddress claimed, boolean encrypt, String name, int flags) throws IOException {
        return sendHello(PROTOCOL_VERSION, claimed, encrypt, name, flags);
    }

    /**
     * Sends a Hello of protocol {@code version}, laid out as this peer's own (a node of another
     * version may lay it out otherwise: the node refuses it by its version alone).
     */
    byte[] sendHelloOfVersion(int version, NodeAddress claimed) throws IOException {
        return sendHello(version, claimed, false, "", 0);
    }

    private byte[] sendHello(int version, NodeAddress claimed, boolean encrypt, String name, int flags)
            throws IOException {
        handshake = new RawHandshake();
        askedToEncrypt = encrypt;
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] hello = new Bytes().u8(HELLO).varLong(version).varLong(MECHANISM_SECRET_X25519)
                .text(claimed.host()).varLong(claimed.port()).longLE(RANDOM.nextLong() & Long.MAX_VALUE | 1).text(name)
                .varLong(flags).raw(nonce).raw(handshake.publicKey()).u8(encrypt ? ENCRYPTED : PLAINTEXT).toArray();
        sendHandshake(hello);
        return hello;
    }

    private void sendHandshake(byte[] body) throws IOException {
        handshake.add(body);
        if (tls == null) {
            sendFrame(HANDSHAKE, body);
            return;
        }
        if (!tls.secured()) {
            startTls();
        }
        sendRaw(tls.frame(RawTls.TLS_FRAME, body));
    }

    /**
     * Reads the node's Challenge (after its RegisterTCP, if not read yet) and asserts it holds
     * nothing but public fields: no proof, nothing that depends on the secret.
     */
    Challenge readChallenge() throws IOException {
        Frame f = readSignificantFrame();
        if (f.type() == REGISTER_TCP) {
            f = readSignificantFrame();
        }
        assertThat(f.type()).as("frame type of the Challenge").isEqualTo(HANDSHAKE);
        byte[] b = f.body();
        assertThat(b[0] & 0xFF).as("handshake kind").isEqualTo(CHALLENGE);
        Reader r = new Reader(b, 1);
        assertThat(r.varLong()).as("version").isEqualTo(PROTOCOL_VERSION);
        assertThat(r.varLong()).as("mechanism").isEqualTo(MECHANISM_SECRET_X25519);
        String host = r.text();
        int port = (int) r.varLong();
        long incarnation = r.longLE();
        String name = r.text();
        int flags = (int) r.varLong();
        byte[] nonce = r.bytes(32);
        byte[] key = r.bytes(32);
        int protection = r.u8();
        assertThat(r.position).as("Challenge length: public fields only").isEqualTo(b.length);
        challenge = new Challenge(b, new NodeAddress(host, port), incarnation, name, flags, nonce, key,
                protection == ENCRYPTED);
        if (handshake == null) { // the Hello was sent raw (a replay): the transcript is not this peer's to prove
            handshake = new RawHandshake();
        }
        handshake.add(b);
        handshake.agree(key);
        return challenge;
    }

    /** Sends this peer's extensions: what it admits (the built-in types only), sealed, in pieces. */
    void sendExtensions() throws IOException {
        byte[] admitted = io.threadwire.serialize.MessageTypes.builtInOnly().admitted().toBytes();
        sendExtensions(new Bytes().varLong(1).varLong(admitted.length).raw(admitted).toArray());
    }

    /** Sends {@code plain} as this peer's extensions, sealed, in pieces. */
    void sendExtensions(byte[] plain) throws IOException {
        byte[] sealed = RawHandshake.sealOnce(handshake.extensionKey(true), plain);
        for (int offset = 0; offset < sealed.length; offset += EXTENSION_PIECE) {
            byte[] piece = Arrays.copyOfRange(sealed, offset, Math.min(sealed.length, offset + EXTENSION_PIECE));
            sendHandshake(new Bytes().u8(EXTENSIONS).varLong(sealed.length).varLong(piece.length).raw(piece).toArray());
        }
    }

    /**
     * The proof a client holding {@code secret} sends now (after its extensions). This peer's
     * frame keys, if the node welcomes it, derive from the first secret it proved.
     */
    byte[] clientProof(byte[] secret) {
        if (provenSecret == null) {
            provenSecret = secret.clone();
        }
        return handshake.clientProof(secret);
    }

    /** Sends a Proof of these MACs (one per secret: the node takes the first that matches one of its own). */
    void sendProof(byte[]... macs) throws IOException {
        Bytes b = new Bytes().u8(PROOF).varLong(macs.length);
        for (byte[] mac : macs) {
            b.raw(mac);
        }
        sendHandshake(b.toArray());
    }

    /**
     * Reads the node's answer to the Proof: {@link #WELCOME} (after its extensions) or
     * {@link #REFUSED}. A Welcome must prove the secret this peer proved; then, if either side
     * asked for encryption, the frame keys are derived and data frames are sealed from now on.
     */
    int readAnswer() throws IOException {
        for (;;) {
            Frame f = readSignificantFrame();
            assertThat(f.type()).as("frame type of the answer to the Proof").isEqualTo(HANDSHAKE);
            byte[] b = f.body();
            int kind = b[0] & 0xFF;
            if (kind == EXTENSIONS) {
                Reader r = new Reader(b, 1);
                r.varLong();
                int n = (int) r.varLong();
                serverExtensions = concat(serverExtensions, r.bytes(n));
                handshake.add(b);
                continue;
            }
            if (kind == REFUSED) {
                Reader r = new Reader(b, 1);
                int code = (int) r.varLong();
                int start = 1;
                String reason = r.text();
                byte[] refusalBody = Arrays.copyOfRange(b, start, r.position);
                byte[] mac = r.bytes((int) r.varLong());
                refusal = new Refusal(code, reason, mac, provenSecret != null && mac.length == 32
                        && handshake.refusalValid(provenSecret, refusalBody, mac));
                return REFUSED;
            }
            assertThat(kind).as("the node's answer").isEqualTo(WELCOME);
            byte[] mac = Arrays.copyOfRange(b, 1, b.length);
            assertThat(mac).as("Welcome's MAC").hasSize(32);
            assertThat(handshake.serverProofValid(provenSecret, mac)).as("the node's Welcome proves the secret").isTrue();
            handshake.add(b);
            RawHandshake.openOnce(handshake.extensionKey(false), serverExtensions); // throws if not authentic
            if (askedToEncrypt || challenge.encrypt()) {
                keys = new FrameKeys(handshake.frameKey(provenSecret, true), handshake.frameKey(provenSecret, false));
            }
            return WELCOME;
        }
    }

    /** The node's last refusal. */
    Refusal refusal() {
        return refusal;
    }

    /** The node's extensions, opened: its admitted types among them. */
    byte[] serverExtensions() {
        return RawHandshake.openOnce(handshake.extensionKey(false), serverExtensions);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Runs the whole handshake as a node would, claiming {@code claimed}; returns the node's answer. */
    int handshake(byte[] secret, NodeAddress claimed) throws IOException {
        return handshake(secret, claimed, false);
    }

    /** As {@link #handshake(byte[], NodeAddress)}, asking for encryption in the Hello if {@code askToEncrypt}. */
    int handshake(byte[] secret, NodeAddress claimed, boolean askToEncrypt) throws IOException {
        readRegistration();
        sendHello(claimed, askToEncrypt);
        readChallenge();
        sendExtensions();
        sendProof(clientProof(secret));
        return readAnswer();
    }

    /**
     * Authenticates with {@code secret} under a fake address, without asking for encryption (the
     * node encrypts if it is configured to); asserts the node welcomed this peer.
     */
    RawPeer authenticate(byte[] secret) throws IOException {
        return authenticate(secret, false);
    }

    /** As {@link #authenticate(byte[])}, asking for encryption in the Hello if {@code askToEncrypt}. */
    RawPeer authenticate(byte[] secret, boolean askToEncrypt) throws IOException {
        assertThat(handshake(secret, fakeAddress(), askToEncrypt)).as("the node's answer to a correct Proof (%s)",
                refusal).isEqualTo(WELCOME);
        return this;
    }

    /** Whether this connection encrypts its data frames: the node welcomed this peer and either side asked to. */
    boolean encrypting() {
        return keys != null;
    }

    // ---- encryption --------------------------------------------------------------------------------

    /** The key this peer would seal its frames with if the secret were {@code secret} (the same handshake). */
    byte[] sendKeyUnder(byte[] secret) {
        return handshake.frameKey(secret, true);
    }

    /** Data frames sealed so far: the counter the next one is sealed under. */
    long framesSealed() {
        return keys.sent;
    }

    /**
     * A whole data frame (length prefix included) whose body is {@code body} sealed with AES-GCM
     * under {@code key} and frame counter {@code counter}, the frame type as associated data: how
     * a hostile peer forges one.
     */
    static byte[] sealedFrame(byte[] key, long counter, byte[] body) {
        return sealedFrame(key, counter, body, new byte[] {DATA});
    }

    /** As {@link #sealedFrame(byte[], long, byte[])} with other associated data. */
    static byte[] sealedFrame(byte[] key, long counter, byte[] body, byte[] aad) {
        byte[] frame = new byte[5 + body.length + TAG_BYTES];
        ByteBuffer.wrap(frame).putInt(1 + body.length + TAG_BYTES).put((byte) DATA);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce(counter)));
            gcm.updateAAD(aad);
            gcm.doFinal(body, 0, body.length, frame, 5);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return frame;
    }

    /** The GCM nonce of frame {@code counter}: 4 zero bytes, then the counter as 8 little-endian bytes. */
    private static byte[] nonce(long counter) {
        byte[] iv = new byte[12];
        ByteBuffer.wrap(iv, 4, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(counter);
        return iv;
    }

    /**
     * The frame keys of an encrypting connection, seen from the dialing side, and each
     * direction's counter (no connection of a test sends the 2^24 frames after which keys change).
     */
    private static final class FrameKeys {
        final byte[] send;
        final SecretKeySpec receive;
        long sent;
        long received;

        FrameKeys(byte[] send, byte[] receive) {
            this.send = send;
            this.receive = new SecretKeySpec(receive, "AES");
        }

        byte[] seal(byte[] body) {
            return sealedFrame(send, sent++, body);
        }

        byte[] open(byte[] body) throws IOException {
            long counter = received++;
            try {
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.DECRYPT_MODE, receive, new GCMParameterSpec(TAG_BYTES * 8, nonce(counter)));
                gcm.updateAAD(new byte[] {DATA});
                return gcm.doFinal(body);
            } catch (AEADBadTagException e) {
                throw new AssertionError("data frame " + counter + " from the node (" + body.length
                        + " bytes) fails authentication: the raw peer and the node disagree on encryption", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- data --------------------------------------------------------------------------------------

    /** The body of a data frame in clear: {@code items}, each prefixed with its varint length. */
    static byte[] items(byte[]... items) {
        Bytes body = new Bytes();
        for (byte[] item : items) {
            body.varLong(item.length).raw(item);
        }
        return body.toArray();
    }

    /**
     * A whole data frame (length prefix included) whose body in clear is {@code body}: sealed
     * under the next frame counter if this connection encrypts (whether it is sent or not).
     */
    byte[] dataFrameOf(byte[] body) {
        if (tls != null) {
            try {
                return tls.frame(DATA, body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return keys == null ? frame(DATA, body) : keys.seal(body);
    }

    /** {@link #dataFrameOf} the {@link #items} {@code items}. */
    byte[] dataFrame(byte[]... items) {
        return dataFrameOf(items(items));
    }

    /** Sends one data frame holding {@code items}, each prefixed with its varint length; sealed if encrypting. */
    void sendItems(byte[]... items) throws IOException {
        sendRaw(dataFrame(items));
    }

    /** Sends one data frame whose body in clear is {@code body} (items with their length prefixes); sealed if encrypting. */
    void sendData(byte[] body) throws IOException {
        sendRaw(dataFrameOf(body));
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
        return new Bytes().u8(SEND).u8(TARGET_BY_NAME).text(name).raw(payload).toArray();
    }

    /** A Reply item to the thread {@code callerId} of incarnation {@code incarnation}, answering call {@code tag}. */
    static byte[] reply(long callerId, long incarnation, long tag, byte[] payload) {
        return new Bytes().u8(REPLY).u8(TARGET_BY_ID).varLong(callerId).longLE(incarnation).varLong(tag).raw(payload)
                .toArray();
    }

    /** A Link item: thread {@code fromId} of this peer links with the thread registered as {@code name}. */
    static byte[] linkByName(long fromId, String name) {
        return new Bytes().u8(LINK).varLong(fromId).u8(TARGET_BY_NAME).text(name).toArray();
    }

    /** An Exit item: the thread registered as {@code name} is to end with reason {@code shutdown}. */
    static byte[] exitByName(String name) {
        return new Bytes().u8(EXIT).u8(TARGET_BY_NAME).text(name).u8(REASON_SHUTDOWN).toArray();
    }

    static byte[] fragmentStart(long transferId, long declaredTotal, byte[] chunk) {
        return new Bytes().u8(FRAGMENT_START).varLong(transferId).varLong(declaredTotal).raw(chunk).toArray();
    }

    static byte[] fragmentNext(long transferId, byte[] chunk) {
        return new Bytes().u8(FRAGMENT_NEXT).varLong(transferId).raw(chunk).toArray();
    }

    /** A Monitor item watching the thread registered as {@code name} under {@code monitorId}. */
    static byte[] monitorByName(long monitorId, String name) {
        return new Bytes().u8(MONITOR).varLong(monitorId).u8(TARGET_BY_NAME).text(name).toArray();
    }

    /**
     * Waits until the node has handled every item this peer sent before: sends a Monitor of a
     * name no thread holds, and waits for the node's Down for it (items are handled in order).
     *
     * @throws AssertionError if the Down has not come within the tests' long bound (the node's
     *                        keep-alives alone would keep a read from ever timing out)
     */
    void sync() throws IOException {
        long id = ++monitorIds;
        sendItems(monitorByName(id, "no-such-thread-" + id));
        long deadline = System.nanoTime() + LONG.toNanos();
        for (;;) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the node did not answer a sync within " + LONG
                        + ": it has not handled the items sent before it");
            }
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
        return RawHandshake.hmac(key, parts);
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

        /**
         * A varint as Kryo's {@code Output.writeVarLong(v, true)} and the node write it: up to eight
         * bytes of seven bits, each with a continuation bit, then a ninth byte of the top eight bits
         * whole. (Plain LEB128 takes ten bytes for a negative value, one more than the node reads.)
         */
        Bytes varLong(long v) {
            for (int i = 0; i < 8; i++) {
                if ((v & ~0x7FL) == 0) {
                    b.write((int) v);
                    return this;
                }
                b.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b.write((int) v); // the ninth byte: the top eight bits
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

    /** Reads the parts of a frame or handshake message the node encodes by hand. */
    static final class Reader {
        private final byte[] b;
        int position;

        Reader(byte[] b, int position) {
            this.b = b;
            this.position = position;
        }

        int u8() {
            return b[position++] & 0xFF;
        }

        /** A varint as {@link Bytes#varLong} writes it. */
        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 56; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            return v | (long) u8() << 56;
        }

        void skip(int n) {
            position += n;
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
