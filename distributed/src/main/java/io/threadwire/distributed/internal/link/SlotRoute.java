package io.threadwire.distributed.internal.link;

/**
 * Where an application item goes ({@link PeerSlot#route}): on {@code channel} (the caller queues
 * it there), kept for the channel being made, or nowhere (dropped: no channel could be had in
 * time).
 *
 * @param channel the channel to queue the item on, or null
 * @param kept    whether the slot kept the item for the channel being made
 */
public record SlotRoute<C>(C channel, boolean kept) {
    static <C> SlotRoute<C> dropped() {
        return new SlotRoute<>(null, false);
    }
}
