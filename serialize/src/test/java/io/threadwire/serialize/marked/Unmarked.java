package io.threadwire.serialize.marked;

/**
 * Not marked. The tests name it only as a string, so that its static initializer runs only if
 * something loads and initializes it by that name.
 */
public record Unmarked(String text) {
    static {
        UnmarkedFuse.lit = true;
    }
}
