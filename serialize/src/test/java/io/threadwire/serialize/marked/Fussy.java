package io.threadwire.serialize.marked;

import io.threadwire.core.Message;

/**
 * A marked plain class whose public no-argument constructor refuses to run where {@link #refuse}
 * is set: a node whose version of the class is not set up for what another node sends.
 */
@Message
public final class Fussy {
    /** Whether the constructor refuses, in this JVM. */
    public static volatile boolean refuse;

    public String text;

    public Fussy() {
        if (refuse) {
            throw new IllegalStateException("Fussy is not set up on this node");
        }
    }
}
