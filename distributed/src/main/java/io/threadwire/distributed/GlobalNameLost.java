package io.threadwire.distributed;

import io.threadwire.core.ThreadRef;
import java.util.Objects;

/**
 * Delivered once to a thread that held a {@link GlobalNames global name} and lost it to an
 * older registration when two parts of a cluster that had each registered the name met again
 * (a partition healed). The thread no longer holds the name; {@code winner} does.
 *
 * @param name   the name
 * @param winner the thread that holds it now
 */
public record GlobalNameLost(String name, ThreadRef winner) {
    public GlobalNameLost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(winner, "winner");
    }
}
