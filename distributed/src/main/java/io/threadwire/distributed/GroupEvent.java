package io.threadwire.distributed;

import io.threadwire.core.ThreadRef;
import java.util.List;
import java.util.Objects;

/**
 * What a thread that {@link Groups#monitor monitors} a group receives: the members first, then
 * each change of its node's view of the group, in the order the view changed. Lists have one
 * entry per join (a thread that joined twice and ends is listed twice in its {@link Left}).
 */
public sealed interface GroupEvent {

    /** The group this event is about. */
    String group();

    /** The members of {@code group} in the node's view when the monitor was made. */
    record Members(String group, List<ThreadRef> members) implements GroupEvent {
        public Members {
            Objects.requireNonNull(group, "group");
            members = List.copyOf(members);
        }
    }

    /** {@code threads} joined {@code group}. */
    record Joined(String group, List<ThreadRef> threads) implements GroupEvent {
        public Joined {
            Objects.requireNonNull(group, "group");
            threads = List.copyOf(threads);
        }
    }

    /** {@code threads} left {@code group}: by {@code leave}, by ending, or because their node was lost. */
    record Left(String group, List<ThreadRef> threads) implements GroupEvent {
        public Left {
            Objects.requireNonNull(group, "group");
            threads = List.copyOf(threads);
        }
    }
}
