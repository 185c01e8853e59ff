package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Messaging;
import org.junit.jupiter.api.Test;

/**
 * A reply that reaches a synchronous call after its caller stopped waiting (its timeout passed,
 * or its wait threw) but before the caller took the call out of its table is discarded and
 * counted late, as every late reply is; before, it completed the abandoned call and was counted
 * delivered (by a node too, in its received count) though nobody ever took it.
 */
class LateReplyRaceTest {

    /** A reply that comes once the wait has timed out is late, not delivered. */
    @Test
    void aReplyAfterTheTimeoutIsLateEvenBeforeTheCallEnds() {
        ThreadState me = Threads.current();
        CallTable table = me.calls();
        PendingCall call = table.beginCall(Messaging.self());
        try {
            assertThat(call.await(System.nanoTime() - 1, () -> { })).as("the outcome of a wait past its deadline").isNull();
            long late = Stats.lateReplies();
            assertThat(me.deliverReply(call.tag(), "too late", target -> true)).as("the reply was taken").isFalse();
            assertThat(Stats.lateReplies()).isEqualTo(late + 1);
        } finally {
            table.endCall();
        }
    }

    /** A reply that came just before the wait saw its deadline is returned, not lost. */
    @Test
    void aReplyThatCameAtTheDeadlineIsReturned() {
        ThreadState me = Threads.current();
        CallTable table = me.calls();
        PendingCall call = table.beginCall(Messaging.self());
        try {
            Object outcome = call.await(System.nanoTime() - 1, () -> me.deliverReply(call.tag(), "just in time", target -> true));
            assertThat(outcome).isEqualTo(new PendingCall.Replied("just in time"));
        } finally {
            table.endCall();
        }
    }

    /** A reply that comes once the caller has abandoned its call (its wait threw) is late, not delivered. */
    @Test
    void aReplyAfterTheCallIsAbandonedIsLate() {
        ThreadState me = Threads.current();
        CallTable table = me.calls();
        PendingCall call = table.beginCall(Messaging.self());
        try {
            assertThat(call.abandon()).isNull();
            long late = Stats.lateReplies();
            assertThat(me.deliverReply(call.tag(), "too late", target -> true)).isFalse();
            assertThat(Stats.lateReplies()).isEqualTo(late + 1);
        } finally {
            table.endCall();
        }
    }
}
