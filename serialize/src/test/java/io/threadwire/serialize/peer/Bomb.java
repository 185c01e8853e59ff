package io.threadwire.serialize.peer;

/**
 * A class a peer names in its bytes. The tests never refer to it except by name, so that a
 * class loader of their own can tell whether decoding loaded or initialized it.
 */
public record Bomb() {
    static {
        BombFuse.lit = true;
    }
}
