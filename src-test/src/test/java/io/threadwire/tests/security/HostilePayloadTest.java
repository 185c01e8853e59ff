package io.threadwire.tests.security;

import static io.threadwire.tests.security.AttackedNode.RETAINED_BOUND;
import static io.threadwire.tests.security.Delays.QUICK;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.distributed.Node;
import io.threadwire.tests.outside.LookAlike;
import io.threadwire.tests.outside.Tripwire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario: a peer that holds the secret (an insider, or a stolen secret) sends payloads made
 * to exhaust the node: allocation bombs that claim gigabytes in a few bytes, nesting deep
 * enough to overflow a stack, classes the node must never load, fragmented transfers that
 * claim or hoard memory. Each must close that one connection, quickly, without the heap
 * growing, or, where the bytes are intact and only the message cannot be taken (a class the
 * node does not admit), drop and count that message; the legitimate peer goes on being served. Each bomb's honest twin (same bytes, no
 * lie) is first decoded by the codec, to show the bomb is malformed only in its lie. Runs with
 * encryption off and on: encrypted, every bomb arrives sealed, is opened and only then decoded.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostilePayloadTest {
    /** Allocation an attack may cause, the attacker's own included: the node copies and buffers at most a few frames. */
    private static final long ALLOCATION_BOUND = 128 * Heap.MB;

    @RegisterExtension
    final Cluster cluster;

    private Bystander bystander;
    private final MessageCodec codec = new MessageCodec(AttackedNode.types(), AttackedNode.MAX_MESSAGE,
            AttackedNode.MAX_DEPTH, new HandleResolver() {
                @Override
                public RemoteThread.ById export(LocalThread thread) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public ThreadRef resolve(RemoteThread.ById handle) {
                    return handle;
                }
            });

    HostilePayloadTest(WireMode mode) {
        cluster = AttackedNode.cluster(mode);
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    private RawPeer authenticatedPeer() throws IOException {
        return AttackedNode.authenticatedPeer(cluster);
    }

    /** Sends {@code items} from an authenticated peer, each item in a frame of its own; asserts the connection is closed. */
    private void assertClosesTheConnection(String label, List<byte[]> items) throws Exception {
        Heap.Report heap = Heap.around(label, () -> {
            try (RawPeer p = authenticatedPeer()) {
                for (byte[] item : items) {
                    try {
                        p.sendItem(item);
                    } catch (IOException closed) {
                        break;
                    }
                }
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES); // nothing reached the sink
        heap.assertRetainedBelow(RETAINED_BOUND).assertAllocatedBelow(ALLOCATION_BOUND);
    }

    /** Sends {@code payload} to the sink from an authenticated peer; asserts the connection is closed. */
    private void assertRejected(String label, byte[] payload) throws Exception {
        assertClosesTheConnection(label, List.of(RawPeer.sendByName(Bystander.SINK, payload)));
    }

    /** An 11-byte String claiming a billion characters is rejected without allocating them. */
    @Test
    void aStringClaimingAGigaCharactersIsRejected() throws Exception {
        byte[] honest = Payloads.string(5, "abcde");
        assertThat(codec.decode(honest, 0, honest.length)).isEqualTo("abcde");
        byte[] bomb = Payloads.string(1_000_000_000, "abcde");
        assertThat(bomb).hasSizeLessThanOrEqualTo(11);
        assertRejected("String claiming 1G characters", bomb);
    }

    /** A byte[] claiming 1.9 GB is rejected without allocating it. */
    @Test
    void aByteArrayClaiming1point9GigabytesIsRejected() throws Exception {
        byte[] honest = Payloads.byteArray(3, new byte[] {7, 8, 9});
        assertThat((byte[]) codec.decode(honest, 0, honest.length)).containsExactly(7, 8, 9);
        assertRejected("byte[] claiming 1.9 GB", Payloads.byteArray(1_900_000_000, new byte[] {7, 8, 9}));
    }

    /** An ArrayList claiming 400 million elements is rejected without allocating them. */
    @Test
    void anArrayListClaiming400MillionElementsIsRejected() throws Exception {
        byte[] honest = Payloads.arrayList(2, 41, 42);
        assertThat(codec.decode(honest, 0, honest.length)).isEqualTo(List.of(41L, 42L));
        assertRejected("ArrayList claiming 400M elements", Payloads.arrayList(400_000_000, 41, 42));
    }

    /** 2,000 nested lists (6 KB) are rejected by the depth limit, without overflowing the stack. */
    @Test
    void twoThousandNestedListsAreRejected() throws Exception {
        byte[] honest = Payloads.nestedLists(50);
        assertThat(depthOfLists(codec.decode(honest, 0, honest.length))).isEqualTo(50);
        assertRejected("2,000 nested lists", Payloads.nestedLists(2_000));
    }

    /** A message nested 100,000 levels deep (300 KB, fragmented) is rejected by the depth limit. */
    @Test
    void aMessageNested100000LevelsDeepIsRejected() throws Exception {
        byte[] honest = Payloads.nestedArrays(50);
        assertThat(depthOfArrays(codec.decode(honest, 0, honest.length))).isEqualTo(50);
        byte[] bomb = Payloads.nestedArrays(100_000);
        assertThat(bomb.length).isGreaterThan(RawPeer.PIECE); // travels in fragments
        assertRejected("Object[] nested 100,000 levels", bomb);
    }

    /**
     * Sends {@code payload} to a probe thread from an authenticated peer, then an honest String
     * on the same connection; asserts the payload was dropped and counted (a message this node
     * cannot take, though its bytes are intact) and the String arrived: the connection stayed up.
     */
    private void assertDropped(String label, byte[] payload) throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        LocalThread tester = self();
        LocalThread probe = attacked.spawn(() -> send(receive(Timeouts.LONG), tester));
        attacked.registerRemoteThread(probe, "probe");
        long dropped = attacked.stats().messagesDropped();
        Heap.Report heap = Heap.around(label, () -> {
            try (RawPeer p = authenticatedPeer()) {
                p.sendItem(RawPeer.sendByName("probe", payload));
                p.sendItem(RawPeer.sendByName("probe", Payloads.string(5, "after")));
                assertThat(receiveIf("after"::equals, Timeouts.LONG)).as("the message after it, on the same connection")
                        .isEqualTo("after");
            }
        });
        assertThat(attacked.stats().messagesDropped() - dropped).as("messages dropped").isEqualTo(1);
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND).assertAllocatedBelow(ALLOCATION_BOUND);
    }

    /** A class id that is not registered (106: the first past the built-ins) is dropped, and the connection goes on. */
    @ParameterizedTest(name = "class id {0}")
    @ValueSource(ints = {106, 999, 1_000, 5_000_000, Integer.MAX_VALUE - 2})
    void anUnknownClassIdIsDropped(int id) throws Exception {
        assertDropped("class id " + id, Payloads.classId(id));
    }

    /** A class named on the wire outside the allow-list is dropped and never initialized. */
    @Test
    void aClassOutsideTheAllowListIsDroppedAndNeverInitialized() throws Exception {
        byte[] honest = Payloads.className(Payloads.Token.class.getName(), new byte[] {2}); // ordinal 1, + 1
        assertThat(codec.decode(honest, 0, honest.length)).isEqualTo(Payloads.Token.SECOND);
        assertDropped("javax.naming.InitialContext by name", Payloads.className("javax.naming.InitialContext", new byte[0]));
        assertDropped("Tripwire by name", Payloads.className(Tripwire.class.getName(), new byte[] {1}));
        assertDropped("Tripwire[] by name", Payloads.className("[L" + Tripwire.class.getName() + ";", new byte[] {2, 1}));
        assertThat(System.getProperty(Tripwire.PROPERTY)).as("the tripwire class was initialized").isNull();
    }

    /**
     * A class that looks marked but is not (its annotation is named Message, from another
     * package), named on the wire, is dropped and never initialized. (A marker copied into another
     * class loader cannot be tried from the wire: a node resolves every name with its own loader;
     * the serialize tests try it at the codec.)
     */
    @Test
    void aMarkedLookingClassIsDroppedAndNeverInitialized() throws Exception {
        assertDropped("look-alike marker by name", Payloads.className(LookAlike.class.getName(), new byte[] {1}));
        assertThat(System.getProperty(LookAlike.PROPERTY)).as("the look-alike class was initialized").isNull();
    }

    /** A class name with a line break (a forged log line) is malformed: the connection is closed. */
    @Test
    void aClassNameWithALineBreakIsRejected() throws Exception {
        assertRejected("class name with a line break", Payloads.className("a.B\nWARN forged", new byte[0]));
    }

    /** A fragmented item claiming 2 GB (or any total beyond the largest message) is rejected before any buffer is made. */
    @ParameterizedTest(name = "declared total {0}")
    @ValueSource(longs = {1L << 31, Integer.MAX_VALUE, AttackedNode.MAX_MESSAGE + 1024 + 1, 0, -1})
    void aFragmentClaimingTooMuchIsRejected(long total) throws Exception {
        assertClosesTheConnection("fragment claiming " + total + " bytes",
                List.of(RawPeer.fragmentStart(1, total, new byte[1_000])));
    }

    /** A 65th fragmented transfer in progress is rejected. */
    @Test
    void moreThan64TransfersInProgressAreRejected() throws Exception {
        List<byte[]> starts = new ArrayList<>();
        for (int id = 1; id <= 65; id++) {
            starts.add(RawPeer.fragmentStart(id, 100_000, new byte[1_000]));
        }
        assertClosesTheConnection("65 transfers in progress", starts);
    }

    /** Transfers in progress that together hold more than twice the largest item are rejected. */
    @Test
    void transfersHoardingMemoryAreRejected() throws Exception {
        int transfers = 64;
        long declared = AttackedNode.MAX_MESSAGE;
        byte[] piece = new byte[RawPeer.PIECE];
        Heap.Report heap = Heap.around("64 transfers hoarding memory", () -> {
            try (RawPeer p = authenticatedPeer()) {
                long sent = 0;
                try {
                    for (int id = 1; id <= transfers; id++) {
                        p.sendItems(RawPeer.fragmentStart(id, declared, piece));
                    }
                    for (int round = 0; sent < 16L * declared; round++) { // far beyond the node's bound
                        for (int id = 1; id <= transfers; id++) {
                            p.sendItems(RawPeer.fragmentNext(id, piece));
                            sent += piece.length;
                        }
                    }
                } catch (IOException closed) {
                    System.out.printf("[hoard] the node closed the connection after %.1f MB of pieces%n", sent / (double) Heap.MB);
                }
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND).assertAllocatedBelow(ALLOCATION_BOUND);
    }

    /**
     * A 25 KB message of 7,000 lists of nulls, each list as long as the bytes left after it,
     * would decode to some 80 million elements (nulls cost no byte on the wire): the node holds
     * a message to one element budget (its bytes plus 65,536) over all its collections, refuses
     * it, and closes the connection, while a small message of lists of nulls still decodes.
     */
    @Test
    void aMessageOfNullListsCostsNoMoreThanItsSize() throws Exception {
        Payloads.Amplifier small = Payloads.listsOfNulls(3);
        Object decoded = codec.decode(small.bytes(), 0, small.bytes().length);
        assertThat(decoded).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .extracting(l -> ((List<?>) l).size()).isEqualTo(small.sizes());
        Payloads.Amplifier bomb = Payloads.listsOfNulls(7_000);
        System.out.printf("[amplifier] %,d bytes decode to %,d null elements%n", bomb.bytes().length, bomb.elements());
        var attacked = AttackedNode.attacked(cluster);
        attacked.registerRemoteThread(attacked.spawn(() -> io.threadwire.core.Messaging.receiveIf(m -> false)), "deaf");
        Heap.Report heap = Heap.around("7,000 lists of nulls to a thread that has not received it yet", () -> {
            try (RawPeer p = authenticatedPeer()) {
                p.sendItem(RawPeer.sendByName("deaf", bomb.bytes()));
                p.awaitClosed(Delays.QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertAllocatedBelow(ALLOCATION_BOUND).assertRetainedBelow(RETAINED_BOUND);
    }

    private static int depthOfLists(Object o) {
        int depth = 0;
        for (Object x = o; x instanceof List<?> l; x = l.isEmpty() ? null : l.get(0)) {
            depth++;
        }
        return depth;
    }

    private static int depthOfArrays(Object o) {
        int depth = 0;
        for (Object x = o; x instanceof Object[] a; x = a.length == 0 ? null : a[0]) {
            depth++;
        }
        return depth;
    }
}
