package io.threadwire.distributed.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;

/**
 * The messages of the threadwire protocol, one sealed hierarchy; {@link WireFormat} encodes
 * and decodes them by hand (application payloads inside them are Kryo bytes).
 *
 * <h2>Frames</h2>
 * Every KryoNet frame is a 4-byte length, a type byte and a body ({@link FrameSerialization}):
 * <ul>
 *   <li>types 0-4: KryoNet's own framework messages (only {@code RegisterTCP}, sent once by a
 *       server to a new client, and {@code KeepAlive}, used as a no-op to wake a selector, are
 *       accepted);</li>
 *   <li>{@link Handshake}: one handshake message, until the connection is authenticated;</li>
 *   <li>data: a batch of {@link Item}s, each prefixed by its length; encrypted as a whole
 *       (AES-GCM) when the nodes agreed to encrypt.</li>
 * </ul>
 *
 * <h2>Handshake (dialing node A, accepting node B)</h2>
 * <pre>
 *   A -> B  Hello(version, A's address, A's incarnation, nonceA)
 *   B -> A  Challenge(version, B's address, B's incarnation, nonceB, macB)
 *             macB = HMAC(secret, "server" | Hello | Challenge without mac)
 *   A -> B  Proof(macA)    macA = HMAC(secret, "client" | Hello | Challenge)
 *   B -> A  Welcome, or Refused(reason)
 * </pre>
 * Each side proves it holds the secret by a MAC over the other side's fresh nonce, so a
 * recorded handshake cannot be replayed and the secret never crosses the wire. Nothing but
 * these four messages is decoded before {@code Welcome}. {@code Refused(DUPLICATE)} ends the
 * loser of two simultaneous connections between the same two nodes: the one dialed by the
 * node with the greater (address, incarnation) gives way.
 *
 * <h2>Items, by who sends them</h2>
 * <ul>
 *   <li>a sending thread's node: {@link Send} (to a thread by id or name), {@link Reply} (to
 *       the caller of a synchronous call);</li>
 *   <li>a watching node: {@link Monitor}, {@link Demonitor}, {@link Link}, {@link Unlink};
 *       answered by the watched node with one {@link Down} per monitor;</li>
 *   <li>either node: {@link Heartbeat} when it has had nothing to send for a heartbeat
 *       interval; {@link FragmentStart} and {@link FragmentNext} carry an item too big for one
 *       frame, in pieces that other items may overtake; {@link Goodbye} before a node closes.</li>
 * </ul>
 * Items from one sending thread keep their order: its node queues them in order, and a
 * fragmented item is queued whole before the thread's next one.
 */
public sealed interface Wire permits Wire.Item, Wire.Handshake {

    /** A thread on the receiving node, by id in its current incarnation, or by registered name. */
    sealed interface Target permits ById, ByName {
    }

    record ById(long id, long incarnation) implements Target {
    }

    record ByName(String name) implements Target {
    }

    /** Bytes inside a received frame: an application payload, or a piece of one. */
    record Slice(byte[] bytes, int offset, int length) {
    }

    /** One message inside a data frame. */
    sealed interface Item extends Wire
            permits Send, Reply, Monitor, Demonitor, Down, Link, Unlink, Heartbeat, FragmentStart, FragmentNext,
            Goodbye {
    }

    /** An application message for {@code target}. */
    record Send(Target target, Slice payload) implements Item {
    }

    /** The reply to synchronous call {@code tag} of thread {@code callerId} of the receiving node. */
    record Reply(long callerId, long incarnation, long tag, Slice payload) implements Item {
    }

    /** Watch {@code target} for the sending node; answer with one {@link Down} for {@code monitorId}. */
    record Monitor(long monitorId, Target target) implements Item {
    }

    /** Stop watching for {@code monitorId}; no {@link Down} is expected any more. */
    record Demonitor(long monitorId) implements Item {
    }

    /** The thread watched under {@code monitorId} ended (or never existed). */
    record Down(long monitorId, ExitReason reason) implements Item {
    }

    /**
     * Thread {@code fromId} of the sending node links with {@code target}: the receiving node
     * watches {@code fromId} (with a {@link Monitor} of its own) and raises its failure in the
     * target.
     */
    record Link(long fromId, Target target) implements Item {
    }

    /** Removes the link {@link Link} made. */
    record Unlink(long fromId, Target target) implements Item {
    }

    /** Nothing to say; proves the sender is alive. */
    record Heartbeat() implements Item {
    }

    /** The first piece of an item of {@code totalLength} bytes, transfer {@code transferId}. */
    record FragmentStart(long transferId, int totalLength, Slice chunk) implements Item {
    }

    /** A later piece of transfer {@code transferId}; the last one completes the item. */
    record FragmentNext(long transferId, Slice chunk) implements Item {
    }

    /** The sending node is closing. */
    record Goodbye(String reason) implements Item {
    }

    /** A handshake message (see the class comment). */
    sealed interface Handshake extends Wire permits Hello, Challenge, Proof, Welcome, Refused {
    }

    record Hello(int version, NodeAddress address, long incarnation, byte[] nonce, boolean encrypt)
            implements Handshake {
    }

    record Challenge(int version, NodeAddress address, long incarnation, byte[] nonce, boolean encrypt, byte[] mac)
            implements Handshake {
    }

    record Proof(byte[] mac) implements Handshake {
    }

    record Welcome() implements Handshake {
    }

    /** Why a connection was refused: {@link #DUPLICATE} or {@link #REFUSED}. */
    record Refused(int code, String reason) implements Handshake {
        /** The two nodes are connected (or connecting) over another connection: use that one. */
        public static final int DUPLICATE = 1;
        /** Authentication failed or the protocol versions do not match. */
        public static final int REFUSED = 2;
    }
}
