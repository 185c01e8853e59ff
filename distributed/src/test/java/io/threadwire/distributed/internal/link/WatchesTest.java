package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A watch's filing and its Monitor: whether a Demonitor must follow the Monitor depends on what
 * took the watch while the Monitor was on its way. Each case makes the interleaving happen for
 * certain, from inside the send of the Monitor.
 */
class WatchesTest {
    private final Watches watches = new Watches();
    private final List<String> sent = new ArrayList<>();
    private final List<ExitReason> fired = new ArrayList<>();
    private final ThreadRef target = null; // only handed to the hook
    private final ExitHook hook = (who, reason) -> fired.add(reason);

    /** A Monitor sent while nothing happens to the watch: no Demonitor. */
    @Test
    void aWatchFiledQuietlyNeedsNoCancel() {
        long id = watches.file(target, hook, i -> sent.add("monitor " + i), i -> sent.add("demonitor " + i));
        assertThat(sent).containsExactly("monitor " + id);
        assertThat(watches.remove(id)).as("still filed").isTrue();
    }

    /**
     * A loss drains the table while the Monitor is on its way (it may go on the next channel):
     * the watch fires noconnection, and a Demonitor follows the Monitor.
     */
    @Test
    void aWatchALossTookOnTheWayIsCancelledBehindItsMonitor() {
        long id = watches.file(target, hook, i -> {
            sent.add("monitor " + i);
            watches.drain().forEach(w -> w.fire(ExitReason.NOCONNECTION));
        }, i -> sent.add("demonitor " + i));
        assertThat(sent).containsExactly("monitor " + id, "demonitor " + id);
        assertThat(fired).containsExactly(ExitReason.NOCONNECTION);
    }

    /** The thread's Down comes while the Monitor is on its way: it is over on the far node too, no Demonitor. */
    @Test
    void aWatchThatFiredForItsDownNeedsNoCancel() {
        long id = watches.file(target, hook, i -> {
            sent.add("monitor " + i);
            watches.fire(i, ExitReason.NORMAL);
        }, i -> sent.add("demonitor " + i));
        assertThat(sent).containsExactly("monitor " + id);
        assertThat(fired).containsExactly(ExitReason.NORMAL);
    }

    /** A loss that drained the table before the watch was filed does not take it: no Demonitor. */
    @Test
    void aDrainBeforeTheFilingTakesNothing() {
        watches.drain();
        long id = watches.file(target, hook, i -> sent.add("monitor " + i), i -> sent.add("demonitor " + i));
        assertThat(sent).containsExactly("monitor " + id);
        assertThat(watches.remove(id)).isTrue();
    }

    /** A send that throws (the link was retired) leaves no watch filed. */
    @Test
    void aSendThatThrowsLeavesNoWatch() {
        assertThatThrownBy(() -> watches.file(target, hook, i -> {
            throw new SlotRetiredException();
        }, i -> sent.add("demonitor " + i))).isInstanceOf(SlotRetiredException.class);
        assertThat(watches.size()).isZero();
        assertThat(sent).isEmpty();
    }
}
