package io.threadwire.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order of thread handles by id: node (host, port), incarnation, id, as Erlang orders pids. */
class RemoteThreadOrderTest {
    private static final NodeAddress A = new NodeAddress("127.0.0.1", 9000);
    private static final NodeAddress B = new NodeAddress("127.0.0.1", 9001);

    @Test
    void handlesSortByNodeThenIncarnationThenId() {
        RemoteThread.ById a1 = new RemoteThread.ById(A, 1, 7);
        RemoteThread.ById a1b = new RemoteThread.ById(A, 1, 8);
        RemoteThread.ById a2 = new RemoteThread.ById(A, 2, 1);
        RemoteThread.ById b0 = new RemoteThread.ById(B, 0, 0);
        List<RemoteThread.ById> handles = new ArrayList<>(List.of(b0, a2, a1b, a1));
        handles.sort(null);
        assertThat(handles).containsExactly(a1, a1b, a2, b0);
        assertThat(a1.compareTo(new RemoteThread.ById(A, 1, 7))).isZero();
        assertThat(new RemoteThread.ById(A, 0, Long.MIN_VALUE)).isLessThan(new RemoteThread.ById(A, 0, Long.MAX_VALUE));
    }

    /** Ids a node chose so that their hash codes collide: a hash map still holds and finds each one. */
    @Test
    void handlesWhoseHashCodesCollideAreAllFound() {
        Map<RemoteThread.ById, Integer> map = new HashMap<>();
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            long id = ((long) i << 32) | i; // Long.hashCode: the two halves cancel, all 0
            map.put(new RemoteThread.ById(A, 1, id), i);
        }
        assertThat(map).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(map.get(new RemoteThread.ById(A, 1, ((long) i << 32) | i))).isEqualTo(i);
        }
    }
}
