package io.threadwire.tests.security;

import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kryo payloads written byte by byte, as a hostile peer would write them, in the layout of the
 * node's codec (Kryo 5 with the built-in registrations of {@code BuiltInTypes}): a class id
 * written as a varint of id + 2 (0 is null, 1 a class name), then the object.
 *
 * <p>Each payload that lies about a size takes the claimed size as a parameter, so the same
 * method can build an honest version that the codec decodes: the tests decode the honest version
 * first, which shows the hostile one is malformed only in the lie.
 */
final class Payloads {
    // Kryo's own ids (String is 1, long 7) and the built-in ids of the node's codec, each + 2
    static final int STRING = 1 + 2;
    static final int LONG = 7 + 2;
    static final int BYTE_ARRAY = 10 + 2;
    static final int OBJECT_ARRAY = 19 + 2;
    static final int ARRAY_LIST = 20 + 2;
    private static final int CLASS_BY_NAME = 1;

    /** An application type of an allowed package, to show that a class named on the wire can be admitted. */
    enum Token { FIRST, SECOND }

    private Payloads() {
    }

    private static Output out() {
        return new Output(64, -1);
    }

    /** A String claiming {@code claimedChars} characters, followed by {@code actual} (ASCII). */
    static byte[] string(int claimedChars, String actual) {
        Output o = out();
        o.writeVarInt(STRING, true);
        o.writeVarIntFlag(true, claimedChars + 1, true); // flag: UTF-8 with a char count
        o.writeBytes(actual.getBytes(StandardCharsets.US_ASCII)); // 7-bit characters are one byte each
        return o.toBytes();
    }

    /** A byte[] claiming {@code claimedLength} bytes, followed by {@code actual}. */
    static byte[] byteArray(int claimedLength, byte[] actual) {
        Output o = out();
        o.writeVarInt(BYTE_ARRAY, true);
        o.writeVarInt(claimedLength + 1, true);
        o.writeBytes(actual);
        return o.toBytes();
    }

    /** An ArrayList claiming {@code claimedSize} elements, followed by {@code elements} (Longs). */
    static byte[] arrayList(int claimedSize, long... elements) {
        Output o = out();
        o.writeVarInt(ARRAY_LIST, true);
        o.writeVarIntFlag(false, claimedSize + 1, true); // flag: elements of different types, each with its class
        for (long e : elements) {
            o.writeVarInt(LONG, true);
            o.writeVarLong(e, false);
        }
        return o.toBytes();
    }

    /** {@code depth} ArrayLists, each the only element of the one around it; the innermost is empty. */
    static byte[] nestedLists(int depth) {
        Output o = out();
        for (int i = 1; i < depth; i++) {
            o.writeVarInt(ARRAY_LIST, true);
            o.writeVarIntFlag(false, 1 + 1, true);
        }
        o.writeVarInt(ARRAY_LIST, true);
        o.writeByte(1); // an empty collection
        return o.toBytes();
    }

    /** {@code depth} Object[]s, each the only element of the one around it; the innermost is empty. */
    static byte[] nestedArrays(int depth) {
        Output o = new Output(3 * depth + 16, -1);
        for (int i = 1; i < depth; i++) {
            o.writeVarInt(OBJECT_ARRAY, true);
            o.writeVarInt(1 + 1, true);
        }
        o.writeVarInt(OBJECT_ARRAY, true);
        o.writeVarInt(0 + 1, true);
        return o.toBytes();
    }

    /** An object of class id {@code id} (as registered: the varint on the wire is id + 2) and a few bytes. */
    static byte[] classId(int id) {
        Output o = out();
        o.writeVarInt(id + 2, true);
        o.writeBytes(new byte[] {1, 2, 3, 4});
        return o.toBytes();
    }

    /** An object of the class named {@code className} (a class name on the wire), then {@code body}. */
    static byte[] className(String className, byte[] body) {
        Output o = out();
        o.writeByte(CLASS_BY_NAME);
        o.writeVarInt(0, true); // the first name of the message
        o.writeString(className);
        o.writeBytes(body);
        return o.toBytes();
    }

    /** A payload and how many elements it decodes to. */
    record Amplifier(byte[] bytes, long elements, List<Integer> sizes) {
    }

    /**
     * A valid message: an ArrayList of {@code lists} ArrayLists of nulls, each inner list as long
     * as the bytes left after its own count (so each passes the codec's "count no greater than
     * the bytes left" check). A null element costs no byte at all on the wire, and the lists
     * share the same remaining bytes, so the elements grow with the square of the message size.
     */
    static Amplifier listsOfNulls(int lists) {
        List<byte[]> inner = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        long tail = 0;
        long elements = 0;
        for (int i = 0; i < lists; i++) { // built from the last list to the first
            int size = (int) tail + 1;    // its own null-class byte and every list after it
            Output o = out();
            o.writeVarIntFlag(true, size + 1, true); // flag: all elements of one class, written once
            o.writeByte(0);                          // ... which is null: the elements are never read
            byte[] b = o.toBytes();
            inner.add(0, b);
            sizes.add(0, size);
            tail += b.length;
            elements += size;
        }
        Output o = new Output((int) tail + 16, -1);
        o.writeVarInt(ARRAY_LIST, true);
        o.writeVarIntFlag(true, lists + 1, true); // all elements of one class:
        o.writeVarInt(ARRAY_LIST, true);          // ArrayList
        o.writeBoolean(false);                    // none of them null
        inner.forEach(o::writeBytes);
        return new Amplifier(o.toBytes(), elements, sizes);
    }
}
