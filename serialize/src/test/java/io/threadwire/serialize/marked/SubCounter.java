package io.threadwire.serialize.marked;

/** A subclass of a marked class, not marked itself: the marker is not inherited. */
public class SubCounter extends Counter {
    public SubCounter() {
    }
}
