package io.threadwire.tests.support;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that uses threadwire as an application would, with no flag of its own: it encodes and
 * decodes a value of every built-in type, a marked record and a marked plain class (the path
 * where Kryo would reach for {@code sun.misc.Unsafe}), then sends a message between two nodes.
 * Prints {@code DONE} when all of it worked; exits non-zero otherwise.
 */
public final class EveryTypeExercise {
    /** A marked record. */
    @Message
    public record Note(String text, ThreadRef from) {
    }

    /** A marked plain class: Kryo's FieldSerializer reads and writes its fields. */
    @Message
    public static final class Tally {
        private String name;
        private long count;
        private int[] marks;

        public Tally() {
        }

        Tally(String name, long count, int[] marks) {
            this.name = name;
            this.count = count;
            this.marks = marks;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tally t && Objects.equals(name, t.name) && count == t.count && Arrays.equals(marks, t.marks);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, count);
        }
    }

    private EveryTypeExercise() {
    }

    public static void main(String[] args) throws Exception {
        NodeAddress here = new NodeAddress("127.0.0.1", 9);
        MessageCodec codec = new MessageCodec(MessageTypes.builtInOnly(), 1 << 20, 64, new HandleResolver() {
            @Override
            public RemoteThread.ById export(LocalThread thread) {
                return new RemoteThread.ById(here, 1, thread.id());
            }

            @Override
            public ThreadRef resolve(RemoteThread.ById handle) {
                return handle;
            }
        });
        for (Object value : values(here)) {
            byte[] bytes = codec.encode(value, null);
            Object decoded = codec.decode(bytes, 0, bytes.length);
            if (!Objects.deepEquals(value, decoded) && !(value instanceof ArrayDeque) && !(value instanceof Synchronous)) {
                throw new AssertionError(value.getClass().getName() + " decoded as " + decoded);
            }
        }
        try (Node a = Node.start(0); Node b = Node.start(0)) {
            LocalThread echo = b.spawn(() -> {
                Note note = (Note) receive(Duration.ofSeconds(30));
                send(new Tally(note.text(), 1, new int[] {1}), note.from());
            });
            b.registerRemoteThread(echo, "echo");
            LocalThread main = self();
            a.spawn(() -> {
                send(new Note("over the wire", self()), b.remoteThread("echo"));
                send(receive(Duration.ofSeconds(30)), main);
            });
            Object answer = receive(Duration.ofSeconds(60));
            if (!new Tally("over the wire", 1, new int[] {1}).equals(answer)) {
                throw new AssertionError("the nodes answered " + answer);
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static List<Object> values(NodeAddress here) {
        List<Object> v = new ArrayList<>(List.of("ascii", "ünïcödé", 1, 2L, (short) 3, (byte) 4, 'c', true, 1.5f, 2.5d,
                new byte[] {1}, new short[] {2}, new int[] {3}, new long[] {4}, new float[] {5}, new double[] {6},
                new char[] {'x'}, new boolean[] {true}, new String[] {"s"}, new Object[] {1, "o"},
                new ArrayList<>(List.of(1)), new LinkedList<>(List.of(2)), new HashMap<>(Map.of("k", 1)),
                new LinkedHashMap<>(Map.of("k", 2)), new TreeMap<>(Map.of("k", 3)), new HashSet<>(Set.of(4)),
                new LinkedHashSet<>(Set.of(5)), new TreeSet<>(Set.of(6)), new ArrayDeque<>(List.of(7)),
                new ConcurrentHashMap<>(Map.of("k", 8)), EnumSet.of(DayOfWeek.MONDAY), Collections.emptyList(),
                Collections.emptySet(), Collections.emptyMap(), Collections.singletonList(9), Collections.singleton(10),
                Collections.singletonMap("k", 11), Arrays.asList(12, 13), List.of(14), List.of(15, 16, 17), Set.of(18),
                Set.of(19, 20, 21), Map.of("k", 22), Map.of("k", 23, "l", 24),
                Collections.unmodifiableList(new ArrayList<>(List.of(25))),
                Collections.unmodifiableSet(new HashSet<>(Set.of(26))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("k", 27))), Optional.of(28), UUID.randomUUID(),
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1.25"), BitSet.valueOf(new long[] {5}),
                Duration.ofSeconds(3), Instant.now(), LocalDate.now(), LocalTime.NOON, LocalDateTime.now(),
                ZoneOffset.UTC, ZoneId.of("Europe/Paris"), OffsetTime.now(), OffsetDateTime.now(), ZonedDateTime.now(),
                Year.of(2024), YearMonth.of(2024, 2), MonthDay.of(2, 29), Period.ofDays(3), DayOfWeek.FRIDAY,
                Month.MAY, ChronoUnit.DAYS, TimeUnit.SECONDS, here, RemoteThread.named(here, "n"),
                new RemoteThread.ById(here, 1, 2), new Synchronous("q", RemoteThread.named(here, "n"), 3),
                new Note("marked", null), new Tally("tally", 5, new int[] {1, 2})));
        return v;
    }
}
