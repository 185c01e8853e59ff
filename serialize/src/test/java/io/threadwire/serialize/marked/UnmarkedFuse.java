package io.threadwire.serialize.marked;

/** Set by {@link Unmarked}'s static initializer: whether it ran. */
public final class UnmarkedFuse {
    public static volatile boolean lit;

    private UnmarkedFuse() {
    }
}
