package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record's serializer that writes the same bytes as Kryo's own {@link RecordSerializer}, and
 * reads them back, with less work per message. Kryo's reads each component through
 * {@code Method.invoke}, boxes a primitive to write it through {@code Kryo.writeObject}, and
 * builds the record with {@code Constructor.newInstance}. This one holds a method handle per
 * component and writes a primitive with the very call Kryo's serializer of its box makes:
 * encoding and decoding a {@code record Data(long seq, String text)} took 96 ns against 133 ns
 * (docs/benchmarks.md).
 *
 * <p>The format, component by component in the order of their names (as Kryo's, which puts
 * each value back in its place for the constructor): a primitive as Kryo's default
 * serializer of its type writes it (no reference or null marker); a component of a final type
 * through {@code writeObjectOrNull}; any other through {@code writeClassAndObject}. Objects go
 * through the same {@code Kryo} calls as under Kryo's serializer, so the receiver's checks and
 * the decoded-size charges stay where they were. Failures take the same shape too, in the same
 * order: a {@code KryoException} that names the component that failed to read; once every
 * component is read, an "argument type mismatch" for one of the wrong class; and a
 * {@code KryoException} caused by an {@code InvocationTargetException} when the record's own
 * constructor throws, which {@link ApplicationSerializer} turns into a {@link Refusal} for an
 * application's record (for a built-in record, such as a node address, it stays a broken message).
 *
 * <p>{@link #forRecord} makes one only where this module may reach the record's accessors and
 * constructor (a package open to it, as every package on the class path is, or public ones) and
 * where the primitives' serializers are Kryo's defaults; otherwise it returns null and Kryo's
 * serializer serves, writing the same bytes. Immutable, so one instance serves concurrent encodes.
 */
final class DirectRecordSerializer<T> extends ImmutableSerializer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectRecordSerializer.class);
    /** How a component is written: a primitive as Kryo's default serializer of its type writes it, or as an object. */
    private enum Kind {
        BOOLEAN(boolean.class, DefaultSerializers.BooleanSerializer.class),
        BYTE(byte.class, DefaultSerializers.ByteSerializer.class),
        CHAR(char.class, DefaultSerializers.CharSerializer.class),
        SHORT(short.class, DefaultSerializers.ShortSerializer.class),
        INT(int.class, DefaultSerializers.IntSerializer.class),
        LONG(long.class, DefaultSerializers.LongSerializer.class),
        FLOAT(float.class, DefaultSerializers.FloatSerializer.class),
        DOUBLE(double.class, DefaultSerializers.DoubleSerializer.class),
        /** Of a final type: {@code writeObjectOrNull}, no class written. */
        FINAL(null, null),
        /** Of any other type: {@code writeClassAndObject}. */
        ANY(null, null);

        final Class<?> primitive;
        final Class<?> kryoSerializer; // whose format this is

        Kind(Class<?> primitive, Class<?> kryoSerializer) {
            this.primitive = primitive;
            this.kryoSerializer = kryoSerializer;
        }

        static Kind of(Kryo kryo, Class<?> type) {
            for (Kind k : values()) {
                if (k.primitive == type) {
                    return k;
                }
            }
            return kryo.isFinal(type) ? FINAL : ANY;
        }

        /** Whether {@code kryo} writes and reads this primitive (and its box) as Kryo's default serializer does. */
        boolean servedByDefault(Kryo kryo) {
            return primitive == null || kryo.getSerializer(primitive).getClass() == kryoSerializer
                    && kryo.getSerializer(MethodType.methodType(primitive).wrap().returnType()).getClass() == kryoSerializer;
        }
    }

    /**
     * One component, {@code index} its place in the canonical constructor. {@code getter} takes
     * the record as an {@code Object} and returns the component as its own primitive type, or as
     * an {@code Object}; {@code boxed} is the class a decoded value must be an instance of.
     */
    private record Component(String name, int index, Kind kind, Class<?> type, Class<?> boxed, MethodHandle getter) {
    }

    private final Class<T> type;
    private final Component[] components;
    private final MethodHandle constructor; // (Object[]) -> Object, the canonical constructor spread
    private final boolean hasPrimitive;

    private DirectRecordSerializer(Class<T> type, Component[] components, MethodHandle constructor) {
        this.type = type;
        this.components = components;
        this.constructor = constructor;
        boolean primitive = false;
        for (Component c : components) {
            primitive |= c.type.isPrimitive();
        }
        this.hasPrimitive = primitive;
    }

    /** The serializer of record class {@code type} for {@code kryo}, or null where Kryo's must serve (see the class comment). */
    static <T> Serializer<T> forRecord(GuardedKryo kryo, Class<T> type) {
        if (!type.isRecord()) {
            return null;
        }
        RecordComponent[] rcs = type.getRecordComponents();
        Component[] components = new Component[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        try {
            for (int i = 0; i < rcs.length; i++) {
                Class<?> t = rcs[i].getType();
                Kind kind = Kind.of(kryo, t);
                if (!kind.servedByDefault(kryo)) {
                    return null;
                }
                Method accessor = rcs[i].getAccessor();
                if (!accessor.trySetAccessible()) {
                    return unreachable(type);
                }
                MethodHandle getter = MethodHandles.lookup().unreflect(accessor)
                        .asType(MethodType.methodType(t.isPrimitive() ? t : Object.class, Object.class));
                types[i] = t;
                components[i] = new Component(rcs[i].getName(), i, kind, t, MethodType.methodType(t).wrap().returnType(), getter);
            }
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            if (!canonical.trySetAccessible()) {
                return unreachable(type);
            }
            MethodHandle constructor = MethodHandles.lookup().unreflectConstructor(canonical)
                    .asSpreader(Object[].class, rcs.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            Arrays.sort(components, Comparator.comparing(Component::name)); // Kryo's order on the wire
            return new DirectRecordSerializer<>(type, components, constructor);
        } catch (ReflectiveOperationException | RuntimeException e) { // not reachable from here: Kryo's serializer reports it
            return null;
        }
    }

    private static <T> Serializer<T> unreachable(Class<T> type) {
        LOG.debug("{}: Kryo's record serializer, by reflection; open its package to io.threadwire.serialize too for"
                + " the faster one", type.getName());
        return null;
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
        checkDepth(kryo);
        for (Component c : components) {
            try {
                MethodHandle g = c.getter;
                switch (c.kind) {
                    case BOOLEAN -> output.writeBoolean((boolean) g.invokeExact((Object) object));
                    case BYTE -> output.writeByte((byte) g.invokeExact((Object) object));
                    case CHAR -> output.writeChar((char) g.invokeExact((Object) object));
                    case SHORT -> output.writeShort((short) g.invokeExact((Object) object));
                    case INT -> output.writeInt((int) g.invokeExact((Object) object), false);
                    case LONG -> output.writeVarLong((long) g.invokeExact((Object) object), false);
                    case FLOAT -> output.writeFloat((float) g.invokeExact((Object) object));
                    case DOUBLE -> output.writeDouble((double) g.invokeExact((Object) object));
                    case FINAL -> kryo.writeObjectOrNull(output, (Object) g.invokeExact((Object) object), c.type);
                    case ANY -> kryo.writeClassAndObject(output, (Object) g.invokeExact((Object) object));
                }
            } catch (Throwable t) {
                throw traced(t, c);
            }
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> ignored) {
        checkDepth(kryo);
        Object[] values = new Object[components.length];
        String mismatch = null; // as Kryo's: reported once every component is read, by the constructor's call
        for (Component c : components) {
            Object value;
            try {
                value = switch (c.kind) {
                    case BOOLEAN -> input.readBoolean();
                    case BYTE -> input.readByte();
                    case CHAR -> input.readChar();
                    case SHORT -> input.readShort();
                    case INT -> input.readInt(false);
                    case LONG -> input.readVarLong(false);
                    case FLOAT -> input.readFloat();
                    case DOUBLE -> input.readDouble();
                    case FINAL -> kryo.readObjectOrNull(input, c.type);
                    case ANY -> kryo.readClassAndObject(input);
                };
            } catch (Throwable t) {
                throw traced(t, c);
            }
            if (mismatch == null && value != null && !c.boxed.isInstance(value)) {
                mismatch = "argument type mismatch: a " + value.getClass().getName() + " for component " + c.name;
            }
            values[c.index] = value;
        }
        if (mismatch != null) { // Kryo's Constructor.newInstance refuses it before any record code runs
            KryoException e = new KryoException(mismatch);
            e.addTrace("Could not construct type (" + type.getName() + ")");
            throw e;
        }
        Object record;
        try {
            record = constructor.invokeExact(values);
        } catch (Throwable t) { // the types were checked above: this is the record's own code refusing
            KryoException e = new KryoException(new InvocationTargetException(t));
            e.addTrace("Could not construct type (" + type.getName() + ")");
            throw e;
        }
        return type.cast(record);
    }

    /**
     * Kryo counts a primitive component, which its serializer writes and reads through
     * {@code writeObject} and {@code readObject}, as one more level of nesting: so does this, so that
     * the deepest message a node accepts does not depend on which serializer wrote it.
     */
    private void checkDepth(Kryo kryo) {
        if (hasPrimitive && kryo.getDepth() >= ((GuardedKryo) kryo).maxDepth()) {
            throw new KryoException("Max depth exceeded: " + kryo.getDepth() + " (" + type.getName() + ")");
        }
    }

    /** A failure in a component as Kryo's serializer reports it: a KryoException that names the component. */
    private KryoException traced(Throwable t, Component c) {
        KryoException e = t instanceof KryoException k ? k : new KryoException(t);
        e.addTrace(c.name + " (" + type.getName() + ")");
        return e;
    }
}
