package io.threadwire.serialize;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.serialize.internal.BoundedInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one node admits in messages, as another node can hold it and check its sends against:
 * the classes it registered (name and id), the packages it allows, and whether it admits
 * classes marked {@link io.threadwire.core.Message @Message}. Built-in types are not listed:
 * every node of one protocol version admits the same ones.
 *
 * <p>Made by {@link MessageTypes#admitted()}; sent as {@link #toBytes()}, compact and
 * deterministic (sorted, so equal configurations give equal bytes), and read back with
 * {@link #fromBytes}, which checks every length against the bytes it has. A node that holds its
 * peer's description encodes with {@link MessageCodec#encode(Object, java.util.function.Consumer,
 * AdmittedTypes)}, so that a message the peer would refuse fails at {@code send}, naming the
 * class, or asks {@link MessageTypes#isAdmittedBy}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AdmittedTypes {
    private static final int FORMAT = 1;
    private static final int MARKED = 1;

    private final SortedMap<String, Integer> registered;
    private final List<String> packages;
    private final boolean admitMarked;
    private final int hash; // computed once: sends compare a peer's description with this node's

    AdmittedTypes(Map<String, Integer> registered, Collection<String> packages, boolean admitMarked) {
        this.registered = Collections.unmodifiableSortedMap(new TreeMap<>(registered));
        this.packages = List.copyOf(new TreeSet<>(packages));
        this.admitMarked = admitMarked;
        this.hash = Objects.hash(this.registered, this.packages, admitMarked);
    }

    /** Registered class names and their ids, sorted by name. */
    public Map<String, Integer> registered() {
        return registered;
    }

    /** Allowed packages (without the trailing dot), sorted. */
    public List<String> allowedPackages() {
        return packages;
    }

    /** Whether the node admits classes marked {@code @Message}. */
    public boolean admitsMarkedTypes() {
        return admitMarked;
    }

    /**
     * This description as bytes: a format byte, a flags byte, the registered classes (count, then
     * id and name each) and the packages (count, then each name).
     */
    public byte[] toBytes() {
        Output out = new Output(64, -1);
        out.writeByte(FORMAT);
        out.writeByte(admitMarked ? MARKED : 0);
        out.writeVarInt(registered.size(), true);
        registered.forEach((name, id) -> {
            out.writeVarInt(id, true);
            out.writeString(name);
        });
        out.writeVarInt(packages.size(), true);
        packages.forEach(out::writeString);
        return out.toBytes();
    }

    /**
     * Reads a description made by {@link #toBytes()} from {@code bytes[offset, offset + length)}.
     *
     * @throws MalformedMessageException if the bytes are not exactly one description of a known format
     */
    public static AdmittedTypes fromBytes(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            BoundedInput in = new BoundedInput(bytes, offset, length, 64L * length + (1 << 16));
            int format = in.readByte();
            if (format != FORMAT) {
                throw new MalformedMessageException("admitted types in format " + format + ", not " + FORMAT);
            }
            boolean marked = (in.readByte() & MARKED) != 0;
            int count = in.readVarInt(true);
            BoundedInput.checkCount(in, count, 2);
            Map<String, Integer> registered = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                int id = in.readVarInt(true);
                registered.put(requireName(in.readString()), id);
            }
            count = in.readVarInt(true);
            BoundedInput.checkCount(in, count, 1);
            List<String> packages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                packages.add(requireName(in.readString()));
            }
            if (in.position() != offset + length) {
                throw new MalformedMessageException((offset + length - in.position()) + " bytes after the admitted types");
            }
            return new AdmittedTypes(registered, packages, marked);
        } catch (KryoException e) {
            throw new MalformedMessageException("malformed admitted types: " + e.getMessage(), e);
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new MalformedMessageException("malformed admitted types: an empty name");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AdmittedTypes other && hash == other.hash && admitMarked == other.admitMarked
                && registered.equals(other.registered) && packages.equals(other.packages);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "AdmittedTypes[registered " + registered.keySet() + ", packages " + packages
                + (admitMarked ? ", @Message types]" : "]");
    }
}
