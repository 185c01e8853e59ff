package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.serialize.Messages.Color;
import io.threadwire.serialize.Messages.Line;
import io.threadwire.serialize.Messages.Operation;
import io.threadwire.serialize.Messages.Order;
import io.threadwire.serialize.Messages.Plain;
import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.Messages.Tick;
import io.threadwire.serialize.peer.PeerLevel;
import io.threadwire.serialize.peer.PeerNote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Application records, enums and classes, registered or from an allowed package, travel intact. */
class ApplicationTypesRoundTripTest {
    private final MessageCodec codec = Codecs.codec(Codecs.appTypes());

    /** A registered record decodes equal. */
    @Test
    void registeredRecordRoundTrips() {
        Point p = new Point(-3, 1 << 30);

        assertThat(Codecs.roundTrip(codec, p)).isEqualTo(p);
    }

    /** A record of an allowed package, registered nowhere, decodes equal. */
    @Test
    void recordOfAnAllowedPackageRoundTrips() {
        PeerNote note = new PeerNote("by name", List.of(PeerLevel.HIGH, PeerLevel.LOW));

        assertThat(Codecs.roundTrip(codec, note)).isEqualTo(note);
    }

    /** A registered application enum decodes to the same constant. */
    @Test
    void registeredEnumDecodesToTheSameConstant() {
        assertThat(Codecs.roundTrip(codec, Color.BLUE)).isSameAs(Color.BLUE);
    }

    /** An enum of an allowed package decodes to the same constant. */
    @Test
    void enumOfAnAllowedPackageDecodesToTheSameConstant() {
        assertThat(Codecs.roundTrip(codec, PeerLevel.HIGH)).isSameAs(PeerLevel.HIGH);
    }

    /** An enum constant with a body (an anonymous subclass) decodes to the same constant. */
    @Test
    void enumConstantWithABodyDecodesToTheSameConstant() {
        assertThat(Codecs.roundTrip(codec, Operation.TIMES)).isSameAs(Operation.TIMES);
    }

    /** An EnumSet of an application enum decodes equal. */
    @Test
    void enumSetOfAnApplicationEnumRoundTrips() {
        EnumSet<Color> colors = EnumSet.of(Color.RED, Color.BLUE);

        assertThat(Codecs.roundTrip(codec, colors)).isEqualTo(colors);
    }

    /** Records nested in records, with lists, maps, sets and arrays of records inside, decode equal. */
    @Test
    void nestedRecordsWithCollectionsRoundTrip() {
        Map<String, Point> marks = new TreeMap<>(Map.of("origin", new Point(0, 0), "far", new Point(9, 9)));
        Order order = new Order("order-1",
                List.of(new Line(new Point(1, 2), new Point(3, 4), "first"), new Line(new Point(5, 6), null, null)),
                marks, EnumSet.of(Color.GREEN), new Point[] {new Point(7, 8), null},
                Map.of("nested", List.of(new PeerNote("deep", List.of()), Optional.of(new Point(1, 1)))));

        assertThat(Codecs.roundTrip(codec, order)).isEqualTo(order);
    }

    /** A registered plain class with a no-argument constructor decodes equal. */
    @Test
    void plainClassRoundTrips() {
        Plain plain = new Plain("counter", 42, new ArrayList<>(List.of(1, 2, 3)));

        assertThat(Codecs.roundTrip(codec, plain)).isEqualTo(plain);
    }

    /** An array of records decodes with equal elements and the record component type. */
    @Test
    void arrayOfRecordsRoundTrips() {
        Point[] points = {new Point(1, 1), null, new Point(2, 2)};

        Object decoded = Codecs.roundTrip(codec, points);

        assertThat(decoded).isInstanceOf(Point[].class).isEqualTo(points);
    }

    /** A map with record keys and values keeps them in insertion order. */
    @Test
    void linkedMapOfRecordsRoundTrips() {
        Map<Point, Line> map = new LinkedHashMap<>();
        map.put(new Point(2, 2), new Line(new Point(0, 0), new Point(2, 2), "diag"));
        map.put(new Point(1, 1), null);

        assertThat(Codecs.roundTrip(codec, map)).isEqualTo(map);
    }

    /** An ArrayList holding several records with no components (each encodes to zero bytes) decodes equal. */
    @Test
    void listOfEmptyRecordsRoundTrips() {
        List<Tick> ticks = new ArrayList<>(List.of(new Tick(), new Tick(), new Tick(), new Tick(), new Tick(),
                new Tick(), new Tick(), new Tick()));

        assertThat(Codecs.roundTrip(codec, ticks)).isEqualTo(ticks);
    }

    /** An ArrayList whose elements are all null decodes equal. */
    @Test
    void listOfNullsRoundTrips() {
        List<Object> nulls = new ArrayList<>(Arrays.asList(null, null, null));

        assertThat(Codecs.roundTrip(codec, nulls)).isEqualTo(nulls);
    }

    /** An ArrayList of empty collections (Kryo writes each in zero bytes) decodes equal. */
    @Test
    void listOfEmptyCollectionsRoundTrips() {
        List<Object> empties = new ArrayList<>(Collections.nCopies(3, Collections.emptyList()));

        assertThat(Codecs.roundTrip(codec, empties)).isEqualTo(empties);
    }

    /** A registered class travels as an id: its name is not in the bytes. */
    @Test
    void registeredClassTravelsWithoutItsName() {
        byte[] bytes = codec.encode(new Point(1, 2), null);

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("Point");
    }

    /** A class of an allowed package travels by name: its name is in the bytes. */
    @Test
    void classOfAnAllowedPackageTravelsByName() {
        byte[] bytes = codec.encode(new PeerNote("x", List.of()), null);

        // Kryo marks the end of an ASCII string by setting the high bit of its last character.
        String name = PeerNote.class.getName();
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains(name.substring(0, name.length() - 1));
    }

    /** A set of records decodes equal. */
    @Test
    void setOfRecordsRoundTrips() {
        Set<Point> points = Set.of(new Point(1, 0), new Point(0, 1), new Point(5, 5));

        assertThat(Codecs.roundTrip(codec, points)).isEqualTo(points);
    }
}
