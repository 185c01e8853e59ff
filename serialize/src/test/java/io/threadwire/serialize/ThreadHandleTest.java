package io.threadwire.serialize;

import static io.threadwire.core.Messaging.self;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.Messages.Holder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Thread handles on the wire, between two codecs that stand for two nodes: A (this test's
 * thread lives there) and B.
 */
class ThreadHandleTest {
    private final FakeResolver resolverA = Codecs.nodeA();
    private final FakeResolver resolverB = Codecs.nodeB();
    private final MessageCodec nodeA = Codecs.codec(Codecs.appTypes(), resolverA);
    private final MessageCodec nodeB = Codecs.codec(Codecs.appTypes(), resolverB);

    /** A record whose handle field is declared as the concrete LocalThread, against the advice in HandleSerializers. */
    record DirectReply(LocalThread to) {
    }

    /** A record whose handle field is declared as the concrete RemoteThread.ById. */
    record ByIdReply(RemoteThread.ById to) {
    }

    private static Object send(Object message, MessageCodec from, MessageCodec to) {
        byte[] bytes = from.encode(message, null);
        return to.decode(bytes, 0, bytes.length);
    }

    /** A LocalThread arrives at another node as the RemoteThread.ById its node exported it as. */
    @Test
    void localThreadArrivesElsewhereAsItsExportedById() {
        LocalThread me = self();

        Object arrived = send(me, nodeA, nodeB);

        assertThat(arrived).isEqualTo(resolverA.export(me))
                .isEqualTo(new RemoteThread.ById(resolverA.address(), resolverA.incarnation(), resolverA.export(me).id()));
    }

    /** A LocalThread decoded by the node that knows it is the very same LocalThread. */
    @Test
    void localThreadDecodesAtHomeToTheSameObject() {
        LocalThread me = self();

        Object decoded = send(me, nodeA, nodeA);

        assertThat(decoded).isSameAs(me).isEqualTo(me);
    }

    /** A handle that goes to another node and is sent back home becomes the same LocalThread again. */
    @Test
    void handleThatGoesOutAndComesBackIsTheSameLocalThread() {
        LocalThread me = self();

        Object atB = send(me, nodeA, nodeB);
        Object backAtA = send(atB, nodeB, nodeA);

        assertThat(atB).isInstanceOf(RemoteThread.ById.class);
        assertThat(backAtA).isSameAs(me);
    }

    /** A RemoteThread.ById that names no thread of the decoding node stays that RemoteThread.ById. */
    @Test
    void byIdOfAnotherNodeStaysById() {
        RemoteThread.ById elsewhere = new RemoteThread.ById(new NodeAddress("node-c.example", 7003), 42, 7);

        assertThat(send(elsewhere, nodeA, nodeB)).isEqualTo(elsewhere);
    }

    /** A RemoteThread.ById of the decoding node's address but an id it never gave out stays a RemoteThread.ById. */
    @Test
    void byIdWithAnUnknownIdStaysById() {
        RemoteThread.ById unknown = new RemoteThread.ById(resolverA.address(), resolverA.incarnation(), 999_999);

        assertThat(send(unknown, nodeB, nodeA)).isEqualTo(unknown);
    }

    /** A RemoteThread.Named decodes equal, on any node. */
    @Test
    void namedHandleRoundTrips() {
        RemoteThread.Named named = RemoteThread.named(new NodeAddress("::1", 9000), "logger");

        assertThat(send(named, nodeA, nodeB)).isEqualTo(named);
    }

    /** A Synchronous request arrives at another node with its data, tag, and the sender as a RemoteThread.ById. */
    @Test
    void synchronousArrivesElsewhereWithItsSenderAsById() {
        Synchronous request = new Synchronous(List.of("ping", 5), self(), 77);

        Object arrived = send(request, nodeA, nodeB);

        assertThat(arrived).isEqualTo(new Synchronous(List.of("ping", 5), resolverA.export(self()), 77));
    }

    /** A Synchronous request decoded by the sender's own node carries the very same sender LocalThread. */
    @Test
    void synchronousDecodedAtHomeCarriesTheSameSender() {
        Synchronous request = new Synchronous("ping", self(), 78);

        Synchronous decoded = (Synchronous) send(request, nodeA, nodeA);

        assertThat(decoded.sender()).isSameAs(self());
        assertThat(decoded).isEqualTo(request);
    }

    /** Handles inside records, lists and maps are written and resolved like top-level handles. */
    @Test
    void handlesInsideRecordsAndCollectionsAreResolved() {
        LocalThread me = self();
        RemoteThread.Named named = RemoteThread.named(resolverB.address(), "db");
        Object message = List.of(new Holder("me", me), Map.of("named", named), new Object[] {me});

        Object home = send(message, nodeA, nodeA);

        List<?> list = (List<?>) home;
        assertThat(((Holder) list.get(0)).who()).isSameAs(me);
        assertThat(list.get(1)).isEqualTo(Map.of("named", named));
        assertThat(((Object[]) list.get(2))[0]).isSameAs(me);
    }

    /**
     * Handles sort (RemoteThread.ById is Comparable), so a TreeSet or TreeMap of them may travel,
     * also back to the node of one of its threads: there that handle stays the ById it came as,
     * since a LocalThread has no order to sort it by, and the set arrives equal. A handle that is
     * a TreeMap's value becomes the LocalThread as anywhere else.
     */
    @Test
    void sortedHandlesThatComeHomeArriveEqual() {
        LocalThread me = self();
        RemoteThread.ById meSeenFromB = (RemoteThread.ById) send(me, nodeA, nodeB);
        RemoteThread.ById elsewhere = new RemoteThread.ById(new NodeAddress("node-c.example", 7003), 42, 7);
        TreeSet<RemoteThread.ById> set = new TreeSet<>(List.of(meSeenFromB, elsewhere));
        TreeMap<RemoteThread.ById, ThreadRef> map = new TreeMap<>(Map.of(meSeenFromB, meSeenFromB, elsewhere, elsewhere));

        Object setAtHome = send(set, nodeB, nodeA);
        Object mapAtHome = send(map, nodeB, nodeA);

        assertThat(setAtHome).isInstanceOf(TreeSet.class).isEqualTo(set);
        assertThat(mapAtHome).isInstanceOf(TreeMap.class);
        assertThat(List.copyOf(((TreeMap<?, ?>) mapAtHome).keySet())).isEqualTo(List.of(meSeenFromB, elsewhere));
        assertThat(((TreeMap<?, ?>) mapAtHome).get(meSeenFromB)).isSameAs(me);
        assertThat(((TreeMap<?, ?>) mapAtHome).get(elsewhere)).isEqualTo(elsewhere);
    }

    /** A ThreadRef[] travels like any handle: out as RemoteThread.ById, home as the same LocalThread. */
    @Test
    void threadRefArrayTravelsBothWays() {
        LocalThread me = self();
        RemoteThread.Named named = RemoteThread.named(resolverB.address(), "db");

        Object atB = send(new ThreadRef[] {me, named, null}, nodeA, nodeB);
        Object backAtA = send(atB, nodeB, nodeA);

        assertThat(atB).isInstanceOf(ThreadRef[].class);
        assertThat((ThreadRef[]) atB).containsExactly(resolverA.export(me), named, null);
        assertThat(((ThreadRef[]) backAtA)[0]).isSameAs(me);
        assertThat(((ThreadRef[]) backAtA)[1]).isEqualTo(named);
    }

    /**
     * An array of LocalThread, RemoteThread or RemoteThread.ById could not hold its handles where
     * they arrive (a LocalThread arrives as a ById, a ById comes home as a LocalThread): it is
     * refused at the sender, naming the class and saying to make it a ThreadRef[], rather than
     * leaving the receiver with bytes it cannot decode.
     */
    @Test
    void arraysOfAConcreteHandleTypeAreRefusedAtTheSender() {
        LocalThread me = self();
        RemoteThread.ById meSeenFromB = (RemoteThread.ById) send(me, nodeA, nodeB);

        for (Object[] array : List.of(new LocalThread[] {me}, new RemoteThread.ById[] {meSeenFromB},
                new RemoteThread[] {meSeenFromB}, new LocalThread[][] {{me}})) {
            Throwable refused = catchThrowable(() -> nodeA.encode(Map.of("inside", array), null));

            assertThat(refused).as("sending a %s", array.getClass().getSimpleName())
                    .isInstanceOf(ClassNotAdmittedException.class)
                    .hasMessageContaining(array.getClass().getName()).hasMessageContaining("ThreadRef[]");
        }
    }

    /**
     * Bytes of a LocalThread[] (as a sender without that check writes them) are a message this
     * node cannot take, dropped with its class named, not a broken stream that would close the
     * connection.
     */
    @Test
    void aLocalThreadArrayFromAPeerIsUndecodableNotMalformed() {
        RemoteThread.ById elsewhere = new RemoteThread.ById(new NodeAddress("node-c.example", 7003), 42, 7);
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, LocalThread[].class.getName());
            out.writeVarInt(2, true); // length + 1
            out.writeByte(1);         // not null
            out.writeString(elsewhere.node().host());
            out.writeVarInt(elsewhere.node().port(), true);
            out.writeLong(elsewhere.incarnation());
            out.writeVarLong(elsewhere.id(), true);
        });

        Throwable refused = catchThrowable(() -> nodeB.decode(bytes, 0, bytes.length));

        assertThat(refused).isInstanceOf(UndecodableMessageException.class).hasMessageContaining("ThreadRef[]");
    }

    /**
     * A class with a field declared LocalThread is refused when it is registered (it would be
     * malformed at any other node), and the message says to declare it ThreadRef.
     */
    @Test
    void localThreadTypedFieldIsRefusedAtRegistration() {
        Throwable outcome = catchThrowable(() -> MessageTypes.builder().register(DirectReply.class));

        assertThat(outcome).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DirectReply.class.getName()).hasMessageContaining("ThreadRef");
    }

    /**
     * A class with a field declared RemoteThread.ById (which becomes a LocalThread when it comes
     * home) is refused when it is registered.
     */
    @Test
    void byIdTypedFieldIsRefusedAtRegistration() {
        Throwable outcome = catchThrowable(() -> MessageTypes.builder().register(ByIdReply.class));

        assertThat(outcome).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ThreadRef");
    }
}
