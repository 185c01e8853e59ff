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
 * (Erlang's rule for its distribution protocol). Version 4 changed the cluster services'
 * messages, not the frames: a remote spawn's request says whether the new thread is linked to
 * its caller, and its answer may be {@code START_FAILED}; an inspect request may be answered
 * {@code InspectProtocol.Failed} (sent only to a peer whose codec admits it, so an older build of
 * version 4 is never sent it and waits to its timeout as before).
 *
 * <h2>Encoding</h2>
 * Varints are unsigned LEB128 (Kryo's {@code writeVarInt(v, true)}); {@code long}s are 8 bytes,
 * little-endian; text is a varint byte length and UTF-8 bytes, at most {@link #MAX_TEXT} bytes
 * (host names at most {@link #MAX_HOST}); a {@code target} is {@link #TARGET_BY_ID} then the
 * thread id (varint) and the incarnation (long), or {@link #TARGET_BY_NAME} then the name
 * (text). An exit {@code reason} (see {@code ReasonCodec}) is one of the {@code REASON_} codes:
 * {@link #REASON_NORMAL}, {@link #REASON_NOPROC}, {@link #REASON_NOCONNECTION} and
 * {@link #REASON_SHUTDOWN} alone; {@link #REASON_CRASHED} then the exception's class name (text)
 * and a present flag (0/1) and its message (text of at most {@link #MAX_REASON_TEXT} bytes, a cut
 * one ending in an ellipsis); {@link #REASON_CUSTOM} then the value's class name (text), its text
 * (at most {@link #MAX_REASON_TEXT} bytes) and a present flag and the value itself (varint
 * length and Kryo bytes, at most {@link #MAX_REASON_BYTES}; absent if it cannot travel, and the
 * receiver uses the text if it cannot decode it); {@link #REASON_LINKED} (a failure passed on by
 * a link) then a present flag and the linked thread's handle (varint length and Kryo bytes, at
 * most {@link #MAX_TEXT}) and the reason at the start of the chain (any other kind: a linked
 * reason inside one is refused). Application payloads are Kryo bytes (see {@code MessageCodec})
 * and run to the end of their item.
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
 *       as a no-op that wakes KryoNet's selector to flush</td><td>ignores it: only a data frame
 *       that opens is a sign of life (anyone on the path can forge a KeepAlive)</td></tr>
 *   <tr><td>{@value #FRAME_HANDSHAKE}</td><td>one handshake message, at most
 *       {@value #MAX_HANDSHAKE} bytes</td><td>either side, until the handshake ends</td>
 *       <td>hands it to the handshake; closes the connection if it comes out of turn</td></tr>
 *   <tr><td>{@value #FRAME_DATA}</td><td>a batch of items, each a varint length and the item;
 *       sealed as a whole (AES-256-GCM, 16-byte tag) when the handshake agreed to encrypt</td>
 *       <td>either side, once authenticated</td><td>before authentication: closes the
 *       connection; after: opens it and handles its items in order</td></tr>
 *   <tr><td>{@value #FRAME_TLS}</td><td>TLS records, at most {@value #MAX_TLS_FRAME} bytes</td>
 *       <td>either side of a connection between nodes configured for TLS, until the handshake
 *       ends</td><td>hands them to the connection's TLS engine; a node not configured for TLS
 *       closes the connection</td></tr>
 * </table>
 * KryoNet's other framework messages (1 RegisterUDP, 3 DiscoverHost, 4 Ping) and any other
 * type close the connection.
 *
 * <h2>TLS</h2>
 * Nodes configured for TLS ({@code TlsConfig}) run a TLS 1.3 handshake with mutual
 * certificates first, its records in TLS frames (each frame whole records, at most
 * {@value #MAX_TLS_FRAME} bytes, at most {@value #MAX_TLS_HANDSHAKE} bytes of them before the
 * TLS handshake is done). The handshake below then runs inside TLS: each of its messages is the
 * application data of one TLS record, in a TLS frame of its own; a peer whose certificate does
 * not name the address (and the node name) its Hello or Challenge claims is refused (the
 * accepting node answers with Refused). After it, the body of every data frame is whole TLS
 * records holding the frame's items (the keys of the handshake below are not used for frames:
 * TLS protects them). A node configured for TLS answers a plain Hello with an unauthenticated
 * Refused and closes; a node not configured for TLS closes a connection that sends a TLS frame.
 *
 * <h2>Handshake (node A dials node B)</h2>
 * <pre>
 *   A -> B  Hello(version, mechanisms, A's address, incarnation, name, flags, nonceA, ephemeral keyA, protection)
 *   B -> A  Challenge(version, mechanism, B's address, incarnation, name, flags, nonceB, ephemeral keyB, protection)
 *   A -> B  Extensions pieces (A's, sealed), then Proof(one MAC per secret A holds)
 *   B -> A  Extensions pieces (B's, sealed), then Welcome(mac), or Refused(code, reason, mac)
 * </pre>
 * <table>
 *   <caption>Handshake messages</caption>
 *   <tr><th>code</th><th>message</th><th>the receiver</th></tr>
 *   <tr><td>{@value #HELLO}</td><td>Hello(version: varint, mechanisms: varint bit set, host:
 *       text, port: varint, incarnation: long, name: text of at most {@value #MAX_NODE_NAME}
 *       bytes, flags: varint ({@link #FLAG_HIDDEN}), nonce: 32 bytes, ephemeral X25519 public
 *       key: 32 bytes, protection: byte)</td><td>B: refuses another version or no common
 *       mechanism, unauthenticated (it knows nothing A proved); else answers with a
 *       Challenge</td></tr>
 *   <tr><td>{@value #CHALLENGE}</td><td>Challenge(as Hello, with the one mechanism B chose,
 *       and the protection both will use)</td><td>A: closes if B speaks another version, is
 *       not the node A dialed, or chose plaintext though A asked to encrypt; else sends its
 *       Extensions and its Proof</td></tr>
 *   <tr><td>{@value #EXTENSIONS}</td><td>Extensions(total: varint, piece: varint length and
 *       bytes): pieces of at most {@value #EXTENSION_PIECE} bytes of the sender's sealed
 *       extensions, at most {@value #MAX_EXTENSIONS} bytes in all</td><td>puts them back
 *       together; opens them only once the sender's proof checked out</td></tr>
 *   <tr><td>{@value #PROOF}</td><td>Proof(count: varint, MACs of 32 bytes): at most
 *       {@value #MAX_SECRETS}, one per secret A holds (two during a rollover)</td><td>B: refuses
 *       (unauthenticated, logged at most once every ten seconds) if none matches a secret B
 *       holds; refuses, authenticated, a claimed identity that does not match A's source
 *       address, a duplicate (tie-break) or one past {@code maxConnections}; else its
 *       Extensions and Welcome, and the connection is up</td></tr>
 *   <tr><td>{@value #WELCOME}</td><td>Welcome(mac: 32 bytes)</td><td>A: closes if the MAC does
 *       not prove a secret A holds; else the connection is up, data may follow at once</td></tr>
 *   <tr><td>{@value #REFUSED}</td><td>Refused(code: varint, reason: text, mac: varint length
 *       and 0 or 32 bytes)</td><td>A: closes; {@value #REFUSED_DUPLICATE} (duplicate) with an
 *       authentic MAC means the other connection between the two nodes is used; any other
 *       refusal is logged, its reason stripped of control characters, and marked
 *       unauthenticated if its MAC does not check out</td></tr>
 * </table>
 * The extensions are a list of (type: varint, length: varint, bytes) entries, unknown types
 * skipped: {@value #EXTENSION_ADMITTED_TYPES} is what the sender admits in messages, so that a
 * send of a class the peer does not admit fails at {@code send}.
 *
 * <h2>Keys</h2>
 * TH is the SHA-256 transcript hash of the handshake messages so far, each as its 4-byte length
 * and bytes, in the order sent. DH is the X25519 secret of the two ephemeral keys; salt is TH
 * after the Challenge. For each secret S: {@code PRK(S) = HKDF-Extract(salt, DH | S)}
 * (HKDF-SHA256, RFC 5869). A's proof for S is {@code HMAC(HKDF-Expand(PRK(S),
 * CLIENT_PROOF_LABEL), TH)}, TH after A's Extensions; B's Welcome MAC is the same with
 * {@link #SERVER_PROOF_LABEL} over TH after B's Extensions, under the secret A's proof matched;
 * an authenticated Refused carries {@code HMAC(HKDF-Expand(PRK, REFUSAL_LABEL), TH | code |
 * reason)}. Extensions are sealed (AES-256-GCM, counter 0) under {@code HKDF-Expand(
 * HKDF-Extract(salt, DH), EXTENSIONS_*_LABEL)}: hidden from onlookers, authenticated by the
 * proofs, which cover them. The frame keys are {@code HKDF-Expand(PRK, *_KEY_LABEL, TH)}, TH
 * after the Welcome. The accepting node sends nothing that depends on a secret before the
 * dialer's proof checked out (no offline guessing oracle for a client without the secret);
 * every secret is used only mixed with DH, so a secret learnt later opens no recorded
 * connection (forward secrecy).
 *
 * <p>Frames are encrypted if either side asks ({@link #PROTECTION_ENCRYPTED}, every node's
 * default): each data frame's body is sealed with AES-256-GCM, the frame type as associated
 * data, the GCM nonce 4 zero bytes and the direction's frame counter (8 bytes, little-endian,
 * from 0), and each direction's key is replaced by {@code HKDF-Expand(key, REKEY_LABEL)} after
 * {@link #REKEY_FRAMES} frames or {@link #REKEY_BYTES} bytes. A frame that does not open closes
 * the connection. A writer with no agreed protection sends no data frame at all. Nothing but the
 * handshake messages is decoded before the peer has proved it holds the secret.
 *
 * <h2>The connection tie-break</h2>
 * One connection per pair of nodes. When A and B dial each other at the same moment, the
 * connection dialed by the node with the smaller (address as text, then incarnation) is kept:
 * B refuses A's Proof with {@code Refused(duplicate)} while its own dial to A is in flight or
 * up and B is the smaller, and A's pending dial gives way to B's connection once that is up. A
 * node does not dial a node whose connection it has accepted and is still in its handshake: it
 * waits for that one (B decided the tie-break when it dialed). A Proof that arrives while a
 * connection from the same node is already up replaces that one only if the one up no longer
 * answers a Ping: the dialer would not dial if it still had it (it lost its end, or restarted).
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
 *       such thread lives); charged to the peer's budget ({@code peerBudget}); an id the peer
 *       holds already closes the connection</td></tr>
 *   <tr><td>{@value #DEMONITOR}</td><td>Demonitor(monitor id: varint)</td><td>that node, when
 *       the watch is cancelled</td><td>stops watching; sends no Down for the id</td></tr>
 *   <tr><td>{@value #DOWN}</td><td>Down(monitor id: varint, reason)</td><td>the watched
 *       node, once per Monitor</td><td>fires the watch of that id (monitor, call or link)</td></tr>
 *   <tr><td>{@value #EXIT}</td><td>Exit(target, reason)</td><td>the node of a thread that calls
 *       {@code exit} on a thread of the receiver; queued as a Send is, in order with the
 *       sender's messages</td><td>ends the target with the reason at its next wait; ignored if
 *       no such thread lives</td></tr>
 *   <tr><td>{@value #LINK}</td><td>Link(from id: varint, target)</td><td>a node one of whose
 *       threads links with a thread of the receiver (either side may: one link per pair of
 *       threads, the same table on both nodes)</td><td>files the link, charged to the peer's
 *       budget ({@code peerBudget}; one past it closes the connection); answers a target by
 *       name with a LinkName (no holder: the linker raises {@code noproc}), and a target by
 *       id that does not live, or has ended, with a LinkExit ({@code noproc})</td></tr>
 *   <tr><td>{@value #LINK_NAME}</td><td>LinkName(linker id: varint, name: text, present flag,
 *       holder id: varint)</td><td>the receiver of a Link by name</td><td>files the linker's
 *       link under the holder's id (none: raises {@code noproc}), and sends then what its thread
 *       did to the link meanwhile (an Unlink, a LinkExit)</td></tr>
 *   <tr><td>{@value #LINK_EXIT}</td><td>LinkExit(from: target by id, to id: varint,
 *       reason)</td><td>the node of a linked thread that ended, after everything that thread
 *       sent</td><td>removes the link and raises the reason (any but {@code normal}) in the
 *       thread {@code to id}; ignored if the link is not filed or is being unlinked</td></tr>
 *   <tr><td>{@value #UNLINK}</td><td>Unlink(from id: varint, to id: varint, unlink id:
 *       varint)</td><td>that node, on {@code unlink}</td><td>removes the link and answers with
 *       an UnlinkAck, whether it had the link or not</td></tr>
 *   <tr><td>{@value #UNLINK_ACK}</td><td>UnlinkAck(from id: varint, to id: varint, unlink id:
 *       varint)</td><td>the receiver of an Unlink</td><td>forgets the link being unlinked,
 *       unless it was made again since; until then what the other side sent about the link
 *       before it learnt of the unlink is ignored</td></tr>
 *   <tr><td>{@value #HEARTBEAT}</td><td>Heartbeat</td><td>either node, when it has sent nothing
 *       for a heartbeat interval</td><td>nothing: any data frame that opens proves the sender
 *       alive</td></tr>
 *   <tr><td>{@value #FRAGMENT_START}</td><td>FragmentStart(transfer id: varint, total length:
 *       varint, first piece)</td><td>either node, for an item bigger than a frame</td>
 *       <td>starts reassembling (bounded, see {@code Reassembly})</td></tr>
 *   <tr><td>{@value #FRAGMENT_NEXT}</td><td>FragmentNext(transfer id: varint, piece)</td>
 *       <td>likewise, for the later pieces</td><td>appends; the last piece completes the item,
 *       which is then handled as if it had come whole (a fragment inside one is refused)</td></tr>
 *   <tr><td>{@value #GOODBYE}</td><td>Goodbye(reason: text)</td><td>a closing node, before it
 *       closes the connection (it waits, briefly, for the receiver to close first)</td><td>keeps
 *       the reason for its {@code NodeDown} and closes the connection: nothing more comes on it,
 *       and nothing more is sent into it</td></tr>
 *   <tr><td>{@value #PING}</td><td>Ping(id: varint)</td><td>a node that checks whether a
 *       connection still answers (one is dialed to it while it is up)</td><td>answers with a
 *       Pong of the same id</td></tr>
 *   <tr><td>{@value #PONG}</td><td>Pong(id: varint)</td><td>the receiver of a Ping</td>
 *       <td>completes the probe {@code id}; an unknown id is ignored</td></tr>
 * </table>
 * Items from one sending thread keep their order: its node queues them in order, and a
 * fragmented item is queued whole before the thread's next one. Items sent while the connection
 * is being made are kept in order (application items up to a budget of bytes) and go first on
 * it, or are dropped and counted if it cannot be made. Any unknown item, truncated
 * field or byte left over closes the connection.
 */
public final class Protocol {
    /** The protocol version this node speaks. */
    public static final int VERSION = 4;

    // ---- frame types ----
    public static final int FRAME_REGISTER_TCP = 0;
    public static final int FRAME_REGISTER_UDP = 1;
    public static final int FRAME_KEEP_ALIVE = 2;
    public static final int FRAME_DISCOVER_HOST = 3;
    public static final int FRAME_PING = 4;
    public static final int FRAME_HANDSHAKE = 10;
    public static final int FRAME_DATA = 11;
    /** TLS records of a connection's handshakes, on nodes configured for TLS (see "TLS" above). */
    public static final int FRAME_TLS = 12;

    // ---- handshake messages ----
    public static final int HELLO = 1;
    public static final int CHALLENGE = 2;
    public static final int PROOF = 3;
    public static final int WELCOME = 4;
    public static final int REFUSED = 5;
    public static final int EXTENSIONS = 6;
    /** Refused: the two nodes use their other connection. */
    public static final int REFUSED_DUPLICATE = 1;
    /** Refused: authentication failed, the versions differ, or the node takes no more connections. */
    public static final int REFUSED_DENIED = 2;

    // ---- mechanisms (bits of a Hello's set, and the code a Challenge names) ----
    /** Proof of a shared secret over an ephemeral X25519 exchange: the only one in this version. */
    public static final int MECHANISM_SECRET_X25519 = 1;

    // ---- frame protection (a Hello asks, a Challenge answers; the stricter of the two wins) ----
    public static final int PROTECTION_PLAINTEXT = 0;
    public static final int PROTECTION_ENCRYPTED = 1;

    // ---- flags of a Hello or Challenge ----
    /** The node does not join a cluster's mesh (a command-line tool, say). */
    public static final int FLAG_HIDDEN = 1;
    /** Every flag this version defines: a peer that sets another is refused. */
    public static final int FLAGS_KNOWN = FLAG_HIDDEN;

    // ---- extensions (type, length, bytes; sealed as a whole) ----
    /** What the sender admits in messages ({@code AdmittedTypes.toBytes()}). */
    public static final int EXTENSION_ADMITTED_TYPES = 1;

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
    public static final int PING = 12;
    public static final int PONG = 13;
    public static final int EXIT = 14;
    public static final int LINK_NAME = 15;
    public static final int LINK_EXIT = 16;
    public static final int UNLINK_ACK = 17;

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
    /** Longest node name, in bytes. */
    public static final int MAX_NODE_NAME = 64;
    /** Longest handshake message: anything longer before authentication is hostile. */
    public static final int MAX_HANDSHAKE = 4096;
    /** Longest TLS frame: the TLS records of one step of the handshake (a certificate chain fits: TLS splits it into records). */
    public static final int MAX_TLS_FRAME = 32 * 1024;
    /** Most bytes of TLS frames a peer may send before its TLS handshake is done. */
    public static final int MAX_TLS_HANDSHAKE = 256 * 1024;
    /** Most bytes of sealed extensions one side sends in its handshake. */
    public static final int MAX_EXTENSIONS = 64 * 1024;
    /** Most bytes of extensions in one Extensions message. */
    public static final int EXTENSION_PIECE = 3072;
    /** Most secrets a node proves it holds (the current one and the previous one). */
    public static final int MAX_SECRETS = 2;
    public static final int NONCE_BYTES = 32;
    /** An X25519 public key. */
    public static final int KEY_BYTES = 32;
    public static final int MAC_BYTES = 32;
    /** The AES-GCM tag at the end of a sealed data frame. */
    public static final int TAG_BYTES = 16;
    /** Frames after which each direction's key is replaced by the next. */
    public static final long REKEY_FRAMES = 1L << 24;
    /** Bytes of sealed frames after which each direction's key is replaced by the next. */
    public static final long REKEY_BYTES = 1L << 36;

    // ---- labels of the key schedule (ASCII; see the Handshake section) ----
    public static final String EXTENSIONS_CLIENT_LABEL = "threadwire 3 extensions client to server";
    public static final String EXTENSIONS_SERVER_LABEL = "threadwire 3 extensions server to client";
    public static final String CLIENT_PROOF_LABEL = "threadwire 3 client proof";
    public static final String SERVER_PROOF_LABEL = "threadwire 3 server proof";
    public static final String REFUSAL_LABEL = "threadwire 3 refusal";
    public static final String CLIENT_TO_SERVER_KEY_LABEL = "threadwire 3 frames client to server";
    public static final String SERVER_TO_CLIENT_KEY_LABEL = "threadwire 3 frames server to client";
    public static final String REKEY_LABEL = "threadwire 3 next key";

    private Protocol() {
    }
}
