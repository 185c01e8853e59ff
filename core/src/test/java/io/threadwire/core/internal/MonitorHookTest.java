package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import org.junit.jupiter.api.Test;

/** A monitor that cannot be made leaves nothing on its watcher; one that is made and removed neither. */
class MonitorHookTest {

    /** monitor of a remote thread with no node running: refused, and the watcher holds no hook for it (before, one per call). */
    @Test
    void aRefusedMonitorLeavesNoHookOnTheWatcher() {
        RemoteThread far = new RemoteThread.ById(new NodeAddress("127.0.0.1", 1), 1, 1);
        ThreadState me = Threads.current();
        int before = me.exitHookCount();
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> Messaging.monitor(far)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no default node");
        }
        assertThat(me.exitHookCount()).isEqualTo(before);

        var local = Messaging.spawn(Messaging::receive);
        var ref = Messaging.monitor(local);
        assertThat(me.exitHookCount()).isEqualTo(before + 1);
        Messaging.demonitor(ref);
        assertThat(me.exitHookCount()).isEqualTo(before);
        Messaging.send("done", local);
    }
}
