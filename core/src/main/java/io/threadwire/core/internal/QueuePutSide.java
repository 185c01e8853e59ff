package io.threadwire.core.internal;

/**
 * The fields of an {@link InboundQueue} that every put touches, a cache line away from the ones
 * the owner writes at every take.
 *
 * <p>A put exchanges {@link #tail}, reads {@link #waiter} and {@link #closed}; a take writes the
 * queue's head. Were they on one cache line, each message would move that line from the
 * producer's core to the owner's and back on top of the message itself, while the owner spins
 * on it (two threads bouncing a message made about a quarter more round trips once they were
 * apart: {@code docs/benchmarks.md}). So the padding below keeps every field of a subclass at
 * least 64 bytes past {@link #closed}. It is made of bytes, declared after {@link #closed}: the
 * JVM lays a class's byte fields after its wider ones and in a gap a wider field leaves, and puts
 * a subclass's fields after its superclass's, so with any object header and any reference size
 * nothing of the owner's can sit in a gap here. It costs 72 bytes a mailbox, and the padding
 * {@link Mailbox} puts after the owner's fields 64 more.
 */
abstract class QueuePutSide extends MailboxNode {

    /** The last node put; exchanged by every put (through {@code InboundQueue.TAIL}). */
    volatile MailboxNode tail;
    /** The owner while it is (about to be) parked; read by every put. */
    volatile Thread waiter;
    /** Whether the mailbox refuses puts; read by every put, written once. */
    volatile boolean closed;

    @SuppressWarnings("unused") // only there to take room
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15,
            p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31,
            p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47,
            p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63,
            p64, p65, p66, p67, p68, p69, p70;

    QueuePutSide() {
        super(null);
    }
}
