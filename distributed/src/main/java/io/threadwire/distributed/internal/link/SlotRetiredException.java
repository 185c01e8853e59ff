package io.threadwire.distributed.internal.link;

/**
 * The {@link PeerSlot} was forgotten by its node ({@link PeerSlot#retireIfIdle}): whoever holds it
 * must look the link up again. Thrown, under the slot's lock, by every method that would give it
 * work.
 */
public final class SlotRetiredException extends RuntimeException {
    SlotRetiredException() {
        super("the link was forgotten while idle; look it up again", null, false, false);
    }
}
