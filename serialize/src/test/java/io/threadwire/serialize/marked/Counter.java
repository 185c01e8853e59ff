package io.threadwire.serialize.marked;

import io.threadwire.core.Message;

/** A marked plain class with a no-argument constructor. */
@Message
public class Counter {
    private String name;
    private long count;

    public Counter() {
    }

    public Counter(String name, long count) {
        this.name = name;
        this.count = count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counter c && c.getClass() == getClass() && java.util.Objects.equals(name, c.name)
                && count == c.count;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, count);
    }
}
