package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import io.threadwire.core.LocalThread;
import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageTypes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Kryo that picks only safe serializers for admitted classes (never Java serialization, not
 * even for a class annotated to ask for it; the bounded collection, map and array serializers
 * instead of Kryo's pre-sizing ones; {@link DirectRecordSerializer} for records, which writes Kryo's
 * bytes without its reflection), charges every object it decodes to the message's decoded
 * size, and, while encoding for a peer, checks every object against what that peer admits.
 *
 * <p>One instance serves one encode or decode at a time (the codec pools them): the per-call
 * state below is reset by {@link #beginEncode} and {@link #beginDecode}.
 */
public final class GuardedKryo extends Kryo {
    private final long maxDecoded;
    private final HandleResolver handles;
    private int maxDepth = Integer.MAX_VALUE;

    private AdmittedTypes receiver; // while encoding for a peer: what it admits
    private boolean tracking;       // while encoding: estimate the decoded size
    private long footprint;
    private String messageClass;    // while decoding: the class of the message, once read
    private final Map<Class<?>, String> verdicts = new IdentityHashMap<>(); // class -> why the receiver refuses it, or ""
    private AdmittedTypes verdictsFor;

    GuardedKryo(MessageTypes types, long maxDecoded, HandleResolver handles) {
        super(new AdmissionResolver(types), new MapReferenceResolver());
        this.maxDecoded = maxDecoded;
        this.handles = Objects.requireNonNull(handles, "handles");
    }

    @Override
    public void setMaxDepth(int maxDepth) {
        super.setMaxDepth(maxDepth);
        this.maxDepth = maxDepth;
    }

    /** The deepest nesting this Kryo encodes or decodes (Kryo itself does not say). */
    int maxDepth() {
        return maxDepth;
    }

    /** Starts an encode: checks classes against {@code receiver} (if not null), estimates the decoded size if {@code track}. */
    public void beginEncode(AdmittedTypes receiver, boolean track) {
        this.receiver = receiver;
        this.tracking = track;
        this.footprint = 0;
    }

    /** Starts a decode. */
    public void beginDecode() {
        this.receiver = null;
        this.tracking = false;
        this.messageClass = null;
    }

    /**
     * Makes this Kryo fit for another message after one failed mid-way: Kryo's own state (depth,
     * class names read) and its generics stack, which a failure can leave half-popped.
     */
    public void recover() {
        reset();
        setOptimizedGenerics(true); // a fresh generics stack
    }

    /** The class of the message being decoded, once its class was read; else null. */
    public String messageClass() {
        return messageClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        Serializer s = super.getDefaultSerializer(type);
        if (s instanceof JavaSerializer || s instanceof ExternalizableSerializer) {
            throw new ClassNotAdmittedException(type.getName(), "it asks for Java serialization, which threadwire never uses");
        }
        if (s.getClass() == DefaultArraySerializers.ObjectArraySerializer.class) {
            return new BoundedSerializers.BoundedObjectArraySerializer(this, type);
        }
        if (s.getClass() == CollectionSerializer.class) {
            return new BoundedCollectionSerializer<>();
        }
        if (s.getClass() == MapSerializer.class) {
            return new BoundedMapSerializer<>();
        }
        if (s.getClass() == DefaultSerializers.TreeMapSerializer.class) {
            return new BoundedSerializers.BoundedTreeMapSerializer();
        }
        if (s.getClass() == DefaultSerializers.TreeSetSerializer.class) {
            return new BoundedSerializers.BoundedTreeSetSerializer();
        }
        if ((Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) && !(s instanceof ChargesItself)) {
            return chargedFor(s);
        }
        if (s.getClass() == RecordSerializer.class) {
            Serializer direct = DirectRecordSerializer.forRecord(this, type);
            if (direct != null) {
                s = direct;
            }
        }
        if (!BuiltInTypes.contains(type) && !type.isArray() && !type.isEnum()) {
            return applicationFor(s);
        }
        return s;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Serializer chargedFor(Serializer s) {
        return new ChargedSerializer<>(s);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Serializer applicationFor(Serializer s) {
        return new ApplicationSerializer<>(s);
    }

    /**
     * Kryo files a proxy under {@code InvocationHandler} (its class is generated), so a refusal
     * would name that interface: a proxy is refused here, under its own class, as the lambda it
     * usually stands for is.
     */
    @Override
    public Registration getRegistration(@SuppressWarnings("rawtypes") Class type) {
        if (type != null && Proxy.isProxyClass(type)) {
            throw new ClassNotAdmittedException(type);
        }
        return super.getRegistration(type);
    }

    // ---- encoding: every object passes through one of these -----------------------------------

    @Override
    public Registration writeClass(Output output, @SuppressWarnings("rawtypes") Class type) {
        if (receiver != null && type != null) {
            checkReceiver(getRegistration(type));
        }
        return super.writeClass(output, type);
    }

    @Override
    public void writeObject(Output output, Object object) {
        watch(object, true);
        super.writeObject(output, object);
    }

    @Override
    public void writeObject(Output output, Object object, @SuppressWarnings("rawtypes") Serializer serializer) {
        watch(object, false);
        super.writeObject(output, object, serializer);
    }

    @Override
    public void writeObjectOrNull(Output output, Object object, @SuppressWarnings("rawtypes") Class type) {
        watch(object, false);
        super.writeObjectOrNull(output, object, type);
    }

    @Override
    public void writeObjectOrNull(Output output, Object object, @SuppressWarnings("rawtypes") Serializer serializer) {
        watch(object, false);
        super.writeObjectOrNull(output, object, serializer);
    }

    @Override
    public void writeClassAndObject(Output output, Object object) {
        watch(object, false);
        super.writeClassAndObject(output, object); // the class itself is checked by writeClass
    }

    /**
     * Checks {@code object} against the receiver and adds its footprint to the estimate. A box
     * written as a primitive (a record component of type int, say) is not charged: it is unboxed
     * again on the other side, and decoding does not charge it either.
     */
    private void watch(Object object, boolean maybePrimitive) {
        if (object == null || receiver == null && !tracking) {
            return;
        }
        if (receiver != null) {
            checkReceiver(getRegistration(object.getClass()));
        }
        if (tracking && !(maybePrimitive && isBox(object))) {
            footprint += Footprint.of(object);
            if (footprint > maxDecoded) {
                throw Refusal.tooLargeEstimate(maxDecoded);
            }
        }
    }

    /** Throws ClassNotAdmittedException if the receiver would not decode the class of {@code r}. */
    private void checkReceiver(Registration r) {
        if (verdictsFor != receiver) {
            verdicts.clear();
            verdictsFor = receiver;
        }
        String why = verdicts.computeIfAbsent(r.getType(),
                type -> Objects.requireNonNullElse(PeerAdmission.refusal(receiver, type, r.getId()), ""));
        if (!why.isEmpty()) {
            throw new ClassNotAdmittedException(r.getType().getName(), why);
        }
    }

    private static boolean isBox(Object o) {
        return o instanceof Number || o instanceof Character || o instanceof Boolean;
    }

    // ---- decoding: every object is charged as it is made ----------------------------------------

    @Override
    public Registration readClass(Input input) {
        Registration r = super.readClass(input);
        if (messageClass == null && r != null) {
            messageClass = r.getType().getName();
        }
        return r;
    }

    @Override
    public <T> T readObject(Input input, Class<T> type) {
        T object = super.readObject(input, type);
        if (!type.isPrimitive()) { // a record component of a primitive type: unboxed at once
            charge(input, object);
        }
        return object;
    }

    @Override
    public <T> T readObject(Input input, Class<T> type, @SuppressWarnings("rawtypes") Serializer serializer) {
        return charge(input, super.readObject(input, type, serializer));
    }

    @Override
    public <T> T readObjectOrNull(Input input, Class<T> type) {
        return charge(input, super.readObjectOrNull(input, type));
    }

    @Override
    public <T> T readObjectOrNull(Input input, Class<T> type, @SuppressWarnings("rawtypes") Serializer serializer) {
        return charge(input, super.readObjectOrNull(input, type, serializer));
    }

    @Override
    public Object readClassAndObject(Input input) {
        return charge(input, super.readClassAndObject(input));
    }

    /**
     * Makes an object for Kryo's field serializer to fill. The no-argument constructor of an
     * application class is the class's own code: if it throws (another version of the class, or
     * a node not set up for it), that is a message this node cannot take, a {@link Refusal}, as
     * for a record's constructor. Kryo reports it as a bare failure when it calls the constructor
     * directly (ReflectASM, for a public one) and wrapped in an InvocationTargetException when by
     * reflection; both become the same refusal.
     */
    @Override
    public <T> T newInstance(Class<T> type) {
        try {
            return super.newInstance(type);
        } catch (RuntimeException e) {
            if (BuiltInTypes.contains(type) || CodecFailures.find(e, Refusal.class) != null) {
                throw e;
            }
            InvocationTargetException invoked = CodecFailures.find(e, InvocationTargetException.class);
            Throwable cause = invoked != null ? invoked.getCause() : e.getCause();
            throw Refusal.constructorFailed(type.getName(), cause != null ? cause : e);
        }
    }

    /** Charges a plain object; strings, arrays, collections and maps are charged where they are allocated. */
    private static <T> T charge(Input input, T object) {
        if (object != null && BoundedInput.charging(input) && !(object instanceof String)
                && !(object instanceof Collection) && !(object instanceof Map) && !object.getClass().isArray()) {
            BoundedInput.charge(input, Footprint.object(object.getClass()));
        }
        return object;
    }

    /**
     * {@code key} as a key of a sorted set or map: a handle that decoding made this node's own
     * {@link LocalThread} again goes back to the {@code RemoteThread.ById} it came as. Handles are
     * ordered as {@code ById}s; a {@code LocalThread} has no order, and a {@code TreeSet} of
     * {@code ById}s that came home with one of this node's threads would not be built at all.
     */
    Object sortable(Object key) {
        return key instanceof LocalThread local ? handles.export(local) : key;
    }

    /** The estimate of the decoded size made by the last tracked encode. */
    public long footprint() {
        return footprint;
    }
}
