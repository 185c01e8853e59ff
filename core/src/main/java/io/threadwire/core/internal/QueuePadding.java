package io.threadwire.core.internal;

/**
 * 71 bytes between {@link QueuePutSide}'s fields and the owner's ({@link InboundQueue}'s and
 * {@link Mailbox}'s).
 *
 * <p>A class of its own, as JCTools pads its queues: the JVM lays out a class's fields (and fills
 * the gaps its superclass left, which bytes can always do) before any field of a subclass, and
 * this holds under both of HotSpot's field orders (JDK 21 to 24 put a class's references after
 * its primitives; JDK 25 puts them first when its superclass ends with one). So whatever the
 * object header or the reference size, at least 64 bytes separate the last byte of a put's
 * fields from the first of the owner's, and no two of them share a cache line. It costs 72 bytes
 * a mailbox.
 */
abstract class QueuePadding extends QueuePutSide {

    @SuppressWarnings("unused") // only there to take room
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15,
            p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31,
            p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47,
            p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63,
            p64, p65, p66, p67, p68, p69, p70;
}
