package io.threadwire.core.spi;

/** A hook or watch that can be removed. */
@FunctionalInterface
public interface Registration {

    /**
     * Removes it. Returns true if it was still active, in which case it will never run; false if
     * it already ran (or is running) or was cancelled before.
     */
    boolean cancel();
}
