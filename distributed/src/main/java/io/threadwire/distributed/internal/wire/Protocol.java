package io.threadwire.distributed.internal.wire;

/**
 * The threadwire protocol between two nodes: every frame and item, who sends it, when, and what
 * the receiver does. Every byte code of the protocol is defined here and nowhere else; the
 * records the codes stand for are in {@link Wire}, their encoders in {@link ItemCodec} and
 * {@link HandshakeCodec}.
 *
 * <h2>Version and compatibility</h2>
 * This is protocol version {@value #VERSION}. Both handshake messages carry the sender's
 * version. A node speaks exactly one version and refuses a peer that speaks another:
 * {@code Refused(REFUSED, "protocol version X is not Y")} from the accepting node, a plain
 * close from the dialing one. Rule for later versions: a version that changes the wire gets a
 * new number; a node that understands several versions answers with the lower of the two and
 * then sends nothing the lower one lacks, so a newer node always understands an older one
 * (Erlang's rule for its distribution protocol).
 *
 * <h2>Encoding</h2>
 * Varints are unsigned LEB128 (Kryo's {@code writeVarInt(v, true)}); {@code long}s are 8 bytes,
 * little-endian; text is a varint byte length and UTF-8 bytes, at most {@link #MAX_TEXT} bytes
 * (host names at most {@link #MAX_HOST}); a {@code target} is {@link #TARGET_BY_ID} then the
 * thread id (varint) and the incarnation (long), or {@link #TARGET_BY_NAME} then the name
 * (text); an exit {@code reason} is one of the {@code REASON_} codes, a {@code crashed} reason
 * followed by the exception's class name (text) and a present flag (0/1) and its message
 * (text). Application payloads are Kryo bytes (see {@code MessageCodec}) and run to the end of
 * their item.
 *
 * <h2>Frames</h2>
 * KryoNet frames each message as a 4-byte big-endian length, then the body; our bodies start
 * with a frame type:
 * <table>
 *   <caption>Frame types</caption>
 *   <tr><th>code</th><th>frame</th><th>sent by, when</th><th>the receiver</th></tr>
 *   <tr><td>{@value #FRAME_REGISTER_TCP}</td><td>RegisterTCP(connection id: 4-byte int)</td>
 *       <td>KryoNet's server, once, to a new client</td><td>the dialing side ignores it; an
 *       accepting node closes the connection</td></tr>
 *   <tr><td>{@value #FRAME_KEEP_ALIVE}</td><td>KeepAlive (empty)</td><td>either side's writer,
 *       as a no-op that wakes KryoNet's selector to flush</td><td>counts it as a sign of life</td></tr>
 *   <tr><td>{@value #FRAME_HANDSHAKE}</td><td>one handshake message, at most
 *       {@value #MAX_HANDSHAKE} bytes</td><td>either side, until the handshake ends</td>
 *       <td>hands it to the handshake; closes the connection if it comes out of turn</td></tr>
 *   <tr><td>{@value #FRAME_DATA}</td><td>a batch of items, each a varint length and the item;
 *       sealed as a whole (AES-256-GCM, 16-byte tag) when the handshake agreed to encrypt</td>
 *       <td>either side, once authenticated</td><td>before authentication: closes the
 *       connection; after: opens it and handles its items in order</td></tr>
 * </table>
 * KryoNet's other framework messages (1 RegisterUDP, 3 DiscoverHost, 4 Ping) and any other
 * type close the connection.
 *
 * <h2>Handshake (node A dials node B)</h2>
 * <pre>
 *   A -> B  Hello(version, A's address, A's incarnation, nonceA, A asks to encrypt)
 *   B -> A  Challenge(version, B's address, B's incarnation, nonceB, encrypt, macB)
 *             macB = HMAC-SHA256(secret, SERVER_PROOF_LABEL | Hello | Challenge without macB)
 *   A -> B  Proof(macA)   macA = HMAC-SHA256(secret, CLIENT_PROOF_LABEL | Hello | Challenge)
 *   B -> A  Welcome, or Refused(code, reason)
 * </pre>
 * <table>
 *   <caption>Handshake messages</caption>
 *   <tr><th>code</th><th>message</th><th>the receiver</th></tr>
 *   <tr><td>{@value #HELLO}</td><td>Hello(version: varint, host: text, port: varint,
 *       incarnation: long, nonce: 32 bytes, encrypt: bool)</td><td>B: refuses another
 *       version; else answers with a Challenge</td></tr>
 *   <tr><td>{@value #CHALLENGE}</td><td>Challenge(as Hello, then mac: 32 bytes)</td><td>A: closes
 *       if the MAC is wrong (B lacks the secret) or if it is connected to B already (it
 *       dialed A meanwhile, see the tie-break), else sends its Proof</td></tr>
 *   <tr><td>{@value #PROOF}</td><td>Proof(mac: 32 bytes)</td><td>B: refuses a wrong MAC
 *       (logged with A's socket address); refuses a duplicate (tie-break); else Welcome, and
 *       the connection is up</td></tr>
 *   <tr><td>{@value #WELCOME}</td><td>Welcome</td><td>A: the connection is up; data may
 *       follow at once</td></tr>
 *   <tr><td>{@value #REFUSED}</td><td>Refused(code: varint, reason: text)</td><td>A: closes;
 *       {@value #REFUSED_DUPLICATE} (duplicate) means the other connection between the two
 *       nodes is used, {@value #REFUSED_DENIED} (denied) is logged</td></tr>
 * </table>
 * Encryption is on if either side asks. Keys per direction: HKDF-SHA256 (RFC 5869) with salt
 * nonceA | nonceB over the secret, one 32-byte block for {@link #CLIENT_TO_SERVER_KEY_LABEL}
 * and one for {@link #SERVER_TO_CLIENT_KEY_LABEL}; each direction's GCM nonce is 4 zero bytes
 * and its frame counter (8 bytes, little-endian, from 0). Nothing but these five messages is
 * decoded before the peer has proved it holds the secret.
 *
 * <h2>The connection tie-break</h2>
 * One connection per pair of nodes. When A and B dial each other at the same moment, the
 * connection dialed by the node with the smaller (address as text, then incarnation) is kept:
 * B refuses A's Proof with {@code Refused(duplicate)} while its own dial to A is in flight or
 * up and B is the smaller, and A's pending dial gives way to B's connection once that is up. A
 * Proof that arrives while a connection from the same node is already up replaces that one:
 * the dialer would not dial if it still had it (it lost its end, or restarted).
 *
 * <h2>Items, by who sends them</h2>
 * <table>
 *   <caption>Items of data frames</caption>
 *   <tr><th>code</th><th>item</th><th>sent by, when</th><th>the receiver</th></tr>
 *   <tr><td>{@value #SEND}</td><td>Send(target, payload)</td><td>the sending thread's node,
 *       for {@code send}, and for the request of {@code sendSynchronous}</td><td>decodes the
 *       payload and appends it to the target's mailbox; drops and counts it if no such
 *       thread lives</td></tr>
 *   <tr><td>{@value #REPLY}</td><td>Reply(caller: target by id, tag: varint, payload)</td>
 *       <td>the replying thread's node, for {@code replySynchronous}</td><td>completes the
 *       caller's call {@code tag}; a late reply is discarded</td></tr>
 *   <tr><td>{@value #MONITOR}</td><td>Monitor(monitor id: varint, target)</td><td>a node one of
 *       whose threads monitors, calls, or links with a thread of the receiver</td>
 *       <td>watches the target and answers with one Down for the id (at once, noproc, if no
 *       such thread lives); at most {@value #MAX_MONITORS_PER_CONNECTION} per
 *       connection</td></tr>
 *   <tr><td>{@value #DEMONITOR}</td><td>Demonitor(monitor id: varint)</td><td>that node, when
 *       the watch is cancelled</td><td>stops watching; sends no Down for the id</td></tr>
 *   <tr><td>{@value #DOWN}</td><td>Down(monitor id: varint, reason)</td><td>the watched
 *       node, once per Monitor</td><td>fires the watch of that id (monitor, call or link)</td></tr>
 *   <tr><td>{@value #LINK}</td><td>Link(from id: varint, target)</td><td>a node one of whose
 *       threads links with a thread of the receiver (it also sends a Monitor of the
 *       target)</td><td>watches the linker back with a Monitor of its own and raises its
 *       failure in the target</td></tr>
 *   <tr><td>{@value #UNLINK}</td><td>Unlink(from id: varint, target)</td><td>that node, on
 *       {@code unlink}</td><td>removes the link</td></tr>
 *   <tr><td>{@value #HEARTBEAT}</td><td>Heartbeat</td><td>either node, when it has sent nothing
 *       for a heartbeat interval</td><td>nothing: any frame proves the sender alive</td></tr>
 *   <tr><td>{@value #FRAGMENT_START}</td><td>FragmentStart(transfer id: varint, total length:
 *       varint, first piece)</td><td>either node, for an item bigger than a frame</td>
 *       <td>starts reassembling (bounded, see {@code Reassembly})</td></tr>
 *   <tr><td>{@value #FRAGMENT_NEXT}</td><td>FragmentNext(transfer id: varint, piece)</td>
 *       <td>likewise, for the later pieces</td><td>appends; the last piece completes the item,
 *       which is then handled as if it had come whole (a fragment inside one is refused)</td></tr>
 *   <tr><td>{@value #GOODBYE}</td><td>Goodbye(reason: text)</td><td>a closing node, before it
 *       closes the connection</td><td>logs it; the close follows</td></tr>
 * </table>
 * Items from one sending thread keep their order: its node queues them in order, and a
 * fragmented item is queued whole before the thread's next one. Any unknown item, truncated
 * field or byte left over closes the connection.
 */
public final class Protocol {
    /** The protocol version this node speaks. */
    public static final int VERSION = 3;

    // ---- frame types ----
    public static final int FRAME_REGISTER_TCP = 0;
    public static final int FRAME_REGISTER_UDP = 1;
    public static final int FRAME_KEEP_ALIVE = 2;
    public static final int FRAME_DISCOVER_HOST = 3;
    public static final int FRAME_PING = 4;
    public static final int FRAME_HANDSHAKE = 10;
    public static final int FRAME_DATA = 11;

    // ---- handshake messages ----
    public static final int HELLO = 1;
    public static final int CHALLENGE = 2;
    public static final int PROOF = 3;
    public static final int WELCOME = 4;
    public static final int REFUSED = 5;
    /** Refused: the two nodes use their other connection. */
    public static final int REFUSED_DUPLICATE = 1;
    /** Refused: authentication failed, or the versions differ. */
    public static final int REFUSED_DENIED = 2;

    // ---- items ----
    public static final int SEND = 1;
    public static final int REPLY = 2;
    public static final int MONITOR = 3;
    public static final int DEMONITOR = 4;
    public static final int DOWN = 5;
    public static final int LINK = 6;
    public static final int UNLINK = 7;
    public static final int HEARTBEAT = 8;
    public static final int FRAGMENT_START = 9;
    public static final int FRAGMENT_NEXT = 10;
    public static final int GOODBYE = 11;
    public static final int EXIT = 12;
    public static final int LINK_NAME = 13;
    public static final int LINK_EXIT = 14;
    public static final int UNLINK_ACK = 15;

    // ---- parts ----
    public static final int TARGET_BY_ID = 0;
    public static final int TARGET_BY_NAME = 1;
    public static final int REASON_NORMAL = 0;
    public static final int REASON_NOPROC = 1;
    public static final int REASON_NOCONNECTION = 2;
    public static final int REASON_SHUTDOWN = 3;
    public static final int REASON_CRASHED = 4;
    public static final int REASON_CUSTOM = 5;
    public static final int REASON_LINKED = 6;

    // ---- sizes ----
    /** Longest registered name, class name or goodbye, in bytes; longer text is cut when sent. */
    public static final int MAX_TEXT = 1024;
    /** Longest text of an exit reason (an exception's message, a custom reason's text), in bytes of UTF-8. */
    public static final int MAX_REASON_TEXT = 64 * 1024;
    /** Longest custom exit reason that travels as itself (Kryo bytes); a longer one travels as its text. */
    public static final int MAX_REASON_BYTES = 64 * 1024;
    /** Longest host name in a handshake, in bytes. */
    public static final int MAX_HOST = 255;
    /** Longest handshake message: anything longer before authentication is hostile. */
    public static final int MAX_HANDSHAKE = 512;
    public static final int NONCE_BYTES = 32;
    public static final int MAC_BYTES = 32;
    /** The AES-GCM tag at the end of a sealed data frame. */
    public static final int TAG_BYTES = 16;
    /** Monitors one peer may hold on this node's threads over one connection. */
    public static final int MAX_MONITORS_PER_CONNECTION = 250_000;

    // ---- labels of the handshake's MACs and key derivation ----
    // (ASCII; each MAC and key is computed over the label's bytes first)
    public static final String SERVER_PROOF_LABEL = "threadwire server proof";
    public static final String CLIENT_PROOF_LABEL = "threadwire client proof";
    public static final String CLIENT_TO_SERVER_KEY_LABEL = "threadwire frames client to server";
    public static final String SERVER_TO_CLIENT_KEY_LABEL = "threadwire frames server to client";

    private Protocol() {
    }
}
