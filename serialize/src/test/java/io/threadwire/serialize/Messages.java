package io.threadwire.serialize;

import io.threadwire.core.ThreadRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Application message types of the tests (registered by {@link Codecs#appTypes()}). */
final class Messages {
    private Messages() {
    }

    record Point(int x, int y) {
    }

    record Line(Point from, Point to, String label) {
    }

    enum Color { RED, GREEN, BLUE }

    /** An enum whose constants have bodies: each constant is an anonymous subclass. */
    enum Operation {
        PLUS {
            @Override
            int apply(int a, int b) {
                return a + b;
            }
        },
        TIMES {
            @Override
            int apply(int a, int b) {
                return a * b;
            }
        };

        abstract int apply(int a, int b);
    }

    /** Records nested in records, with collections of records, maps and enums inside. */
    record Order(String id, List<Line> lines, Map<String, Point> marks, Set<Color> colors, Point[] corners,
                 Object note) {
        @Override
        public boolean equals(Object o) { // the array component needs content equality
            return o instanceof Order other && id.equals(other.id) && lines.equals(other.lines)
                    && marks.equals(other.marks) && colors.equals(other.colors)
                    && java.util.Arrays.equals(corners, other.corners) && Objects.equals(note, other.note);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    /** A record with no components: it encodes to zero bytes after its class. */
    record Tick() {
    }

    /** A plain class with a no-argument constructor. */
    static final class Plain {
        String name;
        long count;
        List<Integer> values;

        Plain() {
        }

        Plain(String name, long count, List<Integer> values) {
            this.name = name;
            this.count = count;
            this.values = values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Plain p && Objects.equals(name, p.name) && count == p.count
                    && Objects.equals(values, p.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, count, values);
        }
    }

    /** A message that carries a thread handle, declared the way HandleSerializers asks: as ThreadRef. */
    record Holder(String what, ThreadRef who) {
    }
}
