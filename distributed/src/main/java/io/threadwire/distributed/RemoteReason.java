package io.threadwire.distributed;

import java.util.Objects;

/**
 * A custom exit reason ({@code ExitReason.Custom}) that came from another node and could not be
 * rebuilt here as the value it was: its class is not admitted by the sending node (then it
 * travels as its class name and text) or is not admitted, or not present, on this node. A custom
 * reason whose class both nodes admit arrives as the value itself.
 *
 * @param className the class of the value on the node it came from
 * @param text      the value's {@code toString()} there, cut to 64 KiB of UTF-8 on a character
 *                  boundary (then ending with {@code …})
 */
public record RemoteReason(String className, String text) {
    /** @throws NullPointerException if an argument is null */
    public RemoteReason {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(text, "text");
    }

    /** The value's text, as the reason reads on the node it came from. */
    @Override
    public String toString() {
        return text;
    }
}
