package io.threadwire.serialize.peer;

/** Set by {@link Bomb}'s static initializer: whether it ran in this class loader. */
public final class BombFuse {
    public static volatile boolean lit;

    private BombFuse() {
    }
}
