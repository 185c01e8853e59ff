package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
