package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.spi.DeferredMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mailbox's queue holds what has not been taken, and nothing of what has. */
class MailboxTest {

    private static final Mailbox.Checkpoint NOTHING_TO_RAISE = () -> { };

    /** Links reachable from the mailbox itself, following the queue from its first stub. */
    private static int linksReachableFrom(Mailbox mailbox) {
        int n = 0;
        for (MailboxNode link = mailbox.next; link != null; link = link.next) {
            n++;
        }
        return n;
    }

    /** A long-lived mailbox does not keep the links of the messages it has handed out. */
    @Test
    void takenMessagesLeaveNoLinkBehind() {
        Mailbox mailbox = new Mailbox();
        int messages = 10_000;
        for (int i = 0; i < messages; i++) {
            mailbox.put(i);
        }
        for (int i = 0; i < messages; i++) {
            assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo(i);
        }
        mailbox.put("last");
        assertThat(linksReachableFrom(mailbox)).as("links reachable from the mailbox after %d taken", messages)
                .isLessThanOrEqualTo(1);
    }

    /**
     * A signal is raised in its place: after the messages put before it, before those put after
     * it, and a checkpoint that throws leaves the message it stood before in place.
     */
    @Test
    void signalIsRaisedInItsPlaceAmongTheMessages() {
        Mailbox mailbox = new Mailbox();
        IllegalStateException failure = new IllegalStateException("linked failure");
        mailbox.put("before");
        mailbox.signal(failure);
        mailbox.put("after");
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("before");
        RuntimeException raised = null;
        try {
            mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE);
        } catch (IllegalStateException e) {
            raised = e;
        }
        assertThat(raised).isSameAs(failure);
        RuntimeException exit = new RuntimeException("exit");
        Mailbox.Checkpoint exiting = () -> {
            throw exit;
        };
        try {
            mailbox.take(null, Mailbox.NO_DEADLINE, exiting);
            throw new AssertionError("the checkpoint did not end the take");
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(exit);
        }
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("after");
        assertThat(mailbox.hasMessages()).isFalse();
    }

    /** A message decoded when first opened, on the thread that opens it; opens to null (dropped) if {@code value} is null. */
    private static final class Deferred implements DeferredMessage {
        final Object value;
        final List<Thread> openedBy = new ArrayList<>();

        Deferred(Object value) {
            this.value = value;
        }

        @Override
        public Object open() {
            openedBy.add(Thread.currentThread());
            return value;
        }
    }

    /**
     * A deferred message is opened by the taker when a take reaches it: in its place among the
     * others, seen by filters only opened, and skipped if it opens to nothing.
     */
    @Test
    void deferredMessagesAreOpenedInTheirPlaceByTheTaker() {
        Mailbox mailbox = new Mailbox();
        Deferred big = new Deferred("big");
        Deferred undecodable = new Deferred(null);
        mailbox.put("first");
        mailbox.put(big);
        mailbox.put(undecodable);
        mailbox.put("last");
        List<Object> seenByFilter = new ArrayList<>();
        assertThat(mailbox.take(m -> seenByFilter.add(m) && m.equals("last"), Mailbox.NO_DEADLINE, NOTHING_TO_RAISE))
                .isEqualTo("last");
        assertThat(seenByFilter).containsExactly("first", "big", "last");
        assertThat(big.openedBy).containsExactly(Thread.currentThread());
        assertThat(undecodable.openedBy).containsExactly(Thread.currentThread());
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("first");
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("big");
        assertThat(big.openedBy).as("opened once, though looked at twice").hasSize(1);
        assertThat(mailbox.hasMessages()).isFalse();
    }

    /**
     * Deferred messages that a wait for a signal moved aside unopened are opened when a take
     * reaches them, as is one behind a checkpoint that threw; {@code tryTake} opens them too.
     */
    @Test
    void deferredMessagesMovedAsideOrLeftInPlaceAreOpenedWhenTaken() {
        Mailbox mailbox = new Mailbox();
        Deferred undecodable = new Deferred(null);
        Deferred kept = new Deferred("kept");
        mailbox.put(undecodable);
        mailbox.put(kept);
        mailbox.raiseSignal(); // no signal pending: moves nothing
        mailbox.signal(new IllegalStateException("linked failure"));
        try {
            mailbox.raiseSignal(); // moves both aside, unopened, and raises the signal ahead of them
            throw new AssertionError("no signal raised");
        } catch (IllegalStateException expected) {
            // raised
        }
        assertThat(undecodable.openedBy).isEmpty();
        RuntimeException exit = new RuntimeException("exit");
        try {
            mailbox.take(null, Mailbox.NO_DEADLINE, () -> {
                throw exit;
            });
            throw new AssertionError("the checkpoint did not end the take");
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(exit);
        }
        assertThat(mailbox.take(null, Mailbox.NO_DEADLINE, NOTHING_TO_RAISE)).isEqualTo("kept");
        assertThat(kept.openedBy).isNotEmpty().containsOnly(Thread.currentThread()); // again after the throw: it answers the same
        Deferred late = new Deferred("late");
        mailbox.put(new Deferred(null));
        mailbox.put(late);
        assertThat(mailbox.tryTake()).isEqualTo("late");
        assertThat(mailbox.tryTake()).isNull();
    }
}
