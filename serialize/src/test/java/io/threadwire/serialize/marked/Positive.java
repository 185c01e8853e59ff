package io.threadwire.serialize.marked;

import io.threadwire.core.Message;

/** A marked record whose constructor refuses what another version of it might send. */
@Message
public record Positive(int n) {
    public Positive {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
    }
}
