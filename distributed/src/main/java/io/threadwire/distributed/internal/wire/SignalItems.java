package io.threadwire.distributed.internal.wire;

import static io.threadwire.distributed.internal.wire.Protocol.DOWN;
import static io.threadwire.distributed.internal.wire.Protocol.LINK_EXIT;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.ExitReason;
import io.threadwire.serialize.MessageCodec;
import java.util.Objects;

/**
 * The {@code Down} and {@code LinkExit} items of one node, which carry the reason a thread ended
 * to each of its watchers. A thread watched many times ends once: its reason is encoded for the
 * first watcher and its bytes reused for the next ones, so that a thread with 100,000 remote
 * monitors calls its exception's {@code getMessage()} (or its value's {@code toString()}) and
 * encodes a custom value once, not 100,000 times. The last reason encoded is kept, matched by
 * identity: a thread's exit hooks run one after another with one reason object.
 *
 * <p>Thread-safe: threads that end at the same time may each encode their own reason.
 */
public final class SignalItems {
    /** The bytes a compact reason keeps of each text, value and linked thread (see {@link #compact}). */
    public static final int COMPACT_PART = 128;
    /** Signals no longer than this are never worth compacting: they stay whole. */
    static final int COMPACT_ABOVE = 1024;

    /** A reason's bytes, whole and (once asked for) compact. */
    private record Encoded(ExitReason reason, byte[] whole, byte[] compact) {
    }

    private final MessageCodec codec;
    private volatile Encoded last;

    public SignalItems(MessageCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** A Down for the peer's monitor {@code monitorId}: the watched thread ended with {@code reason}. */
    public byte[] down(long monitorId, ExitReason reason) {
        return down(monitorId, reason, false);
    }

    /** {@link #down(long, ExitReason)}, with the reason compact if {@code compact} (see {@link #compact}). */
    public byte[] down(long monitorId, ExitReason reason, boolean compact) {
        byte[] r = compact ? compactBytesOf(reason) : bytesOf(reason);
        Output out = new Output(new byte[1 + Output.varLongLength(monitorId, true) + r.length]);
        out.writeByte(DOWN);
        out.writeVarLong(monitorId, true);
        out.writeBytes(r);
        return out.getBuffer();
    }

    /** A LinkExit: this node's thread {@code from} ended with {@code reason}; the peer's thread {@code toId} was linked to it. */
    public byte[] linkExit(Wire.ById from, long toId, ExitReason reason) {
        return linkExit(from, toId, reason, false);
    }

    /** {@link #linkExit(Wire.ById, long, ExitReason)}, with the reason compact if {@code compact} (see {@link #compact}). */
    public byte[] linkExit(Wire.ById from, long toId, ExitReason reason, boolean compact) {
        byte[] r = compact ? compactBytesOf(reason) : bytesOf(reason);
        Output out = new Output(32 + r.length, -1);
        out.writeByte(LINK_EXIT);
        ItemCodec.writeTarget(out, from);
        out.writeVarLong(toId, true);
        out.writeBytes(r);
        return out.toBytes();
    }

    /** The bytes of {@code reason} as {@link ReasonCodec} writes them: encoded once for a run of signals of one end. */
    byte[] bytesOf(ExitReason reason) {
        return encoded(reason).whole();
    }

    /** The bytes of {@code reason} made compact ({@link #compact}), made once for a run of signals of one end. */
    byte[] compactBytesOf(ExitReason reason) {
        Encoded e = encoded(reason);
        if (e.compact() != null) {
            return e.compact();
        }
        byte[] compact = e.whole();
        if (compact.length > COMPACT_ABOVE) { // as compact() leaves a short signal whole
            Output out = new Output(64, -1);
            ReasonCodec.writeCompact(out, ReasonCodec.read(new WireReader(e.whole(), 0, e.whole().length)), COMPACT_PART);
            compact = out.toBytes();
        }
        last = new Encoded(reason, e.whole(), compact);
        return compact;
    }

    private Encoded encoded(ExitReason reason) {
        Encoded e = last;
        if (e != null && e.reason() == reason) {
            return e;
        }
        Output out = new Output(32, -1);
        ReasonCodec.write(out, reason, codec);
        e = new Encoded(reason, out.toBytes(), null);
        last = e;
        return e;
    }

    /**
     * {@code item} with its reason made compact, if it is a {@code Down} or {@code LinkExit}
     * longer than {@link #COMPACT_ABOVE} bytes; else {@code item} itself. The compact reason keeps
     * the kind and the exception's or value's class, and {@link #COMPACT_PART} bytes of each text
     * (ended with the cut mark, as any cut text); a custom value or a linked thread's handle goes
     * only if it is that small, else the receiver has the text (as for a value that cannot
     * travel). For a peer that leaves signals unread: the node still sends every watcher its one
     * signal, in a bounded size, instead of queueing up to 130 KiB of reason for each.
     *
     * @param item an item this node encoded (its bytes are trusted to be well formed)
     */
    public static byte[] compact(byte[] item) {
        if (item.length <= COMPACT_ABOVE || (item[0] != DOWN && item[0] != LINK_EXIT)) {
            return item;
        }
        Output out = new Output(64, -1);
        switch (ItemCodec.decode(item, 0, item.length, Integer.MAX_VALUE)) {
            case Wire.Down d -> {
                out.writeByte(DOWN);
                out.writeVarLong(d.monitorId(), true);
                ReasonCodec.writeCompact(out, d.reason(), COMPACT_PART);
            }
            case Wire.LinkExit x -> {
                out.writeByte(LINK_EXIT);
                ItemCodec.writeTarget(out, x.from());
                out.writeVarLong(x.toId(), true);
                ReasonCodec.writeCompact(out, x.reason(), COMPACT_PART);
            }
            default -> throw new IllegalStateException("not a signal: kind " + item[0]);
        }
        return out.toBytes();
    }
}
