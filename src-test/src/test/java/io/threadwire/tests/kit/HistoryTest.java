package io.threadwire.tests.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.testkit.History;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The history checker judges recorded streams by threadwire's rules: order, at most once, no hole without a Down. */
class HistoryTest {
    /** The patience of a check whose recorded streams are complete: meant to expire, so the policy's short wait. */
    private static final Duration BRIEFLY = Timeouts.SHORT;

    private final History history = new History();
    private final History.Stream s = history.stream("a->b");

    private void sent(long from, long to) {
        for (long n = from; n <= to; n++) {
            s.sent(n);
        }
    }

    private void received(long... numbers) {
        for (long n : numbers) {
            s.received(n);
        }
    }

    /** Every message received once, in order: no violation. */
    @Test
    void aCompleteStreamInOrderPasses() {
        sent(1, 5);
        received(1, 2, 3, 4, 5);
        assertThatCode(() -> history.check(BRIEFLY)).doesNotThrowAnyException();
    }

    /** A message received after a later one is out of order, and the failure shows where. */
    @Test
    void outOfOrderFailsShowingWhere() {
        sent(1, 3);
        received(1, 3, 2);
        assertThatThrownBy(() -> history.check(BRIEFLY)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("stream a->b").hasMessageContaining("message 2 was received after 3: out of order")
                .hasMessageContaining("received 2   <-- here");
    }

    /** A message received twice is a violation. */
    @Test
    void aDuplicateFails() {
        sent(1, 2);
        received(1, 2, 2);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("message 2 was received twice");
    }

    /** A message lost between two that arrived, with no Down at the sender, is a hole. */
    @Test
    void aHoleWithoutADownFails() {
        sent(1, 5);
        received(1, 2, 4, 5);
        assertThatThrownBy(() -> history.check(BRIEFLY))
                .hasMessageContaining("message 3 was lost, and the sender saw no Down between sending 3 and sending 4 (a hole)");
    }

    /** A gap is allowed where the sender saw a Down after sending the last lost message and before sending the next one that arrived. */
    @Test
    void aGapExplainedByADownPasses() {
        sent(1, 3);
        s.down();
        sent(4, 5);
        received(1, 2, 4, 5);
        assertThatCode(() -> history.check(BRIEFLY)).doesNotThrowAnyException();
    }

    /** A Down seen only after the next message that arrived was sent does not explain the gap: messages got through meanwhile. */
    @Test
    void aDownAfterTheGapDoesNotExplainIt() {
        sent(1, 5);
        s.down();
        received(1, 2, 4, 5);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("(a hole)").hasMessageContaining("saw a Down");
    }

    /**
     * A Down seen in the middle of a gap explains the messages sent before it, not those sent
     * after it: a message is lost only with all that follow it until a Down, so one lost after
     * that Down, while a later one arrived, is a hole.
     */
    @Test
    void aDownInTheMiddleOfAGapExplainsOnlyWhatWasSentBeforeIt() {
        sent(1, 2);
        s.down();
        sent(3, 5);
        received(1, 5);
        assertThatThrownBy(() -> history.check(BRIEFLY))
                .hasMessageContaining("messages 2..4 were lost, and the sender saw no Down between sending 4 and sending 5 (a hole)");
    }

    /** A Down seen before the lost message was sent is about an earlier loss: it does not explain a later one. */
    @Test
    void aDownBeforeTheLostMessageDoesNotExplainIt() {
        sent(1, 2);
        s.down();
        sent(3, 4);
        received(1, 2, 4);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("message 3 was lost");
    }

    /** Messages lost at the end of a stream are allowed once the sender saw a Down after sending the last of them. */
    @Test
    void aLossAtTheEndWithADownPasses() {
        sent(1, 5);
        received(1, 2, 3);
        s.down();
        assertThatCode(() -> history.check(BRIEFLY)).doesNotThrowAnyException();
    }

    /**
     * A Down accounts only for the messages sent before it: those the sender sent after its last
     * Down are still on their way, even while earlier ones, which that Down covers, are missing
     * too. Counting them covered made a stream look settled too soon: the sender stopped watching,
     * the earlier messages arrived after all, and the later ones' loss reached no one.
     */
    @Test
    void aDownCoversOnlyWhatWasSentBeforeIt() {
        sent(1, 3);
        s.down();
        sent(4, 5);
        received(1);
        assertThatThrownBy(() -> history.check(BRIEFLY))
                .hasMessageContaining("messages 4..5 were sent but not received, and the sender saw no Down after sending 4");
        received(2, 3); // the messages sent before the Down arrive after all
        assertThatThrownBy(() -> history.check(BRIEFLY))
                .hasMessageContaining("messages 4..5 were sent but not received, and the sender saw no Down after sending 4");
        s.down(); // their loss reaches the sender, which still watches
        assertThatCode(() -> history.check(BRIEFLY)).doesNotThrowAnyException();
    }

    /** Messages missing at the end with no Down are waited for, then reported. */
    @Test
    void aLossAtTheEndWithoutADownFailsAfterWaiting() {
        sent(1, 5);
        received(1, 2, 3);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("messages 4..5 were sent but not received");
    }

    /** A message received but never recorded as sent is reported. */
    @Test
    void aMessageNeverSentFails() {
        sent(1, 2);
        received(1, 2, 3);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("message 3 was received but never recorded as sent");
    }

    /** The sender numbers its messages one after another; anything else is a mistake of the test, refused at once. */
    @Test
    void sendsAreNumberedOneAfterAnother() {
        sent(1, 2);
        assertThatThrownBy(() -> s.sent(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sent 4 after 2");
    }

    /**
     * Through a Sender: a number out of turn is refused before the message goes (the receiver
     * gets nothing, the history stays true), and after finish no Down of the receiver reaches
     * the sending thread.
     */
    @Test
    void aSenderRefusesANumberOutOfTurnBeforeSendingAndLeavesNoMonitorBehind() {
        LocalThread receiver = Messaging.spawn(() -> {
            for (;;) {
                Object m = Messaging.receive();
                if (m instanceof Long n) {
                    s.received(n);
                } else {
                    return;
                }
            }
        });
        History.Sender sender = s.sender(receiver);
        sender.send(1, 1L);
        assertThatThrownBy(() -> sender.send(3, 3L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sent 3 after 1");
        sender.send(2, 2L);
        sender.finish();
        assertThatCode(() -> history.check(BRIEFLY)).as("3 was never sent").doesNotThrowAnyException();

        Messaging.send("stop", receiver);
        Timeouts.await(() -> !receiver.isAlive(), "the receiver ends");
        assertThatThrownBy(() -> Messaging.receive(Down.class, Timeouts.SHORT)).as("no Down after finish")
                .isInstanceOf(ReceiveTimeoutException.class);
    }

    /** Streams are told apart by key; each is judged alone. */
    @Test
    void streamsAreJudgedApart() {
        assertThat(history.stream("a->b")).isSameAs(s);
        History.Stream other = history.stream("c->d");
        other.sent(1);
        other.received(1);
        sent(1, 2);
        received(2);
        assertThatThrownBy(() -> history.check(BRIEFLY)).hasMessageContaining("stream a->b");
    }
}
