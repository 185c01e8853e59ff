package io.threadwire.testkit.internal;

import java.time.Duration;

/**
 * One fault a test put on a cluster, naming nodes by their index in it ({@code n0}, {@code n1},
 * ...). Link faults have a direction: what {@code from} sends {@code to}. A value: two equal
 * faults are the same fault.
 */
public sealed interface Fault {

    /** The nodes it involves. */
    int[] nodes();

    /** Whether it acts on what one node sends another (else on a whole node). */
    default boolean isLinkFault() {
        return nodes().length == 2;
    }

    /** The link between {@code a} and {@code b} is cut: no connection, either way. */
    record Partition(int a, int b) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {a, b};
        }

        @Override
        public String toString() {
            return "disconnect(n" + a + ", n" + b + ")";
        }
    }

    /** What {@code from} sends {@code to} is lost. */
    record OneWayCut(int from, int to) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {from, to};
        }

        @Override
        public String toString() {
            return "cutOneWay(n" + from + "→n" + to + ")";
        }
    }

    /** What {@code from} sends {@code to} arrives {@code latency} (plus up to {@code jitter}) late, in order. */
    record Delay(int from, int to, Duration latency, Duration jitter) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {from, to};
        }

        @Override
        public String toString() {
            return "delay(n" + from + "→n" + to + ", " + Texts.millis(latency) + " + up to " + Texts.millis(jitter) + ")";
        }
    }

    /** {@code from} sends {@code to} at most {@code bytesPerSecond}. */
    record Throttle(int from, int to, long bytesPerSecond) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {from, to};
        }

        @Override
        public String toString() {
            return "throttle(n" + from + "→n" + to + ", " + Texts.bytes(bytesPerSecond) + "/s)";
        }
    }

    /** The node is frozen ({@code SIGSTOP}). */
    record Freeze(int node) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {node};
        }

        @Override
        public String toString() {
            return "freeze(n" + node + ")";
        }
    }

    /** The node crashed ({@code SIGKILL}) and was not restarted. */
    record Crash(int node) implements Fault {
        @Override
        public int[] nodes() {
            return new int[] {node};
        }

        @Override
        public String toString() {
            return "crash(n" + node + ")";
        }
    }
}
