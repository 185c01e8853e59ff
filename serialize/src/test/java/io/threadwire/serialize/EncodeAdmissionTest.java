package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.threadwire.serialize.Messages.Holder;
import io.threadwire.serialize.Messages.Order;
import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.peer.Legacy;
import io.threadwire.serialize.peer.Made;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sending side refuses a message that holds anything not admitted, before any byte is returned. */
class EncodeAdmissionTest {
    private final MessageCodec codec = Codecs.codec(Codecs.appTypes());

    /** A class admitted nowhere: not registered, and its package is not allowed. */
    record Unadmitted(String secret) {
    }

    /** An interface admitted nowhere. */
    interface Unmarked {
    }

    /** An enum admitted nowhere. */
    enum Mood { CALM }

    /** A registered class without a no-argument constructor. */
    static final class NoDefaultConstructor {
        final int value;

        NoDefaultConstructor(int value) {
            this.value = value;
        }
    }

    private static void assertRefusalNames(ClassNotAdmittedException e, Class<?> refused) {
        assertThat(e.className()).isEqualTo(refused.getName());
        assertThat(e.getMessage())
                .contains(refused.getName())
                .contains("register(" + refused.getName().substring(refused.getPackageName().length() + 1)
                        .replace('$', '.') + ".class)")
                .contains("allowPackage(\"" + refused.getPackageName() + "\")");
    }

    /** An unadmitted class as the whole message is refused with a message naming it and how to admit it. */
    @Test
    void unadmittedTopLevelClassIsRefused() {
        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(new Unadmitted("s"), null));

        assertRefusalNames(e, Unadmitted.class);
    }

    /**
     * An array of an interface admitted nowhere is refused with advice that works for it: mark the
     * interface or allow its package, not register it (registration refuses an interface).
     */
    @Test
    void arrayOfAnUnadmittedInterfaceIsAdvisedWhatWorks() {
        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(new Unmarked[0], null));

        assertThat(e.className()).isEqualTo(Unmarked[].class.getName());
        assertThat(e.getMessage()).contains("@Message", "allowPackage(\"" + Unmarked.class.getPackageName() + "\")")
                .doesNotContain("register(");
        assertThatThrownBy(() -> MessageTypes.builder().register(Unmarked.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interface");
    }

    /** An unadmitted class in a field of an admitted record is refused, naming the unadmitted class. */
    @Test
    void unadmittedClassInARecordFieldIsRefused() {
        Order order = new Order("o", List.of(), Map.of(), EnumSet.noneOf(Messages.Color.class), new Point[0],
                new Unadmitted("inside"));

        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(order, null));

        assertRefusalNames(e, Unadmitted.class);
    }

    /** An unadmitted class inside a list is refused, naming the unadmitted class. */
    @Test
    void unadmittedClassInsideAListIsRefused() {
        List<Object> list = new ArrayList<>(List.of("ok", new Point(1, 1), new Unadmitted("in a list")));

        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(list, null));

        assertRefusalNames(e, Unadmitted.class);
    }

    /** An unadmitted class deep inside maps, arrays and Optional is refused. */
    @Test
    void unadmittedClassDeepInsideIsRefused() {
        Object deep = Map.of("k", new Object[] {java.util.Optional.of(List.of(new Holder("x", null), Mood.CALM))});

        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(deep, null));

        assertRefusalNames(e, Mood.class);
    }

    /** An EnumSet of an unadmitted enum is refused. */
    @Test
    void enumSetOfAnUnadmittedEnumIsRefused() {
        assertThatThrownBy(() -> codec.encode(EnumSet.of(Mood.CALM), null))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining(Mood.class.getName());
    }

    /** A JDK class that is not built in is refused. */
    @Test
    void jdkClassThatIsNotBuiltInIsRefused() {
        assertThatThrownBy(() -> codec.encode(new AtomicInteger(3), null))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining(AtomicInteger.class.getName());
    }

    /**
     * A Thread, a Socket or an AtomicInteger is refused at send without the advice to register
     * it: registration refuses such a class, naming it and saying why (Kryo could not reach its
     * fields in java.base), rather than accepting it and leaving the node's codec to fail when it
     * is made, with an InaccessibleObjectException that says nothing of what to do.
     */
    @Test
    void jdkClassesKryoCannotRebuildAreNeitherAdvisedNorAcceptedForRegistration() {
        for (Object local : List.of(new Thread(() -> { }), new Socket(), new AtomicInteger(3))) {
            Class<?> type = local.getClass();
            ClassNotAdmittedException refused = catchThrowableOfType(ClassNotAdmittedException.class,
                    () -> codec.encode(List.of(local), null));
            Throwable registered = catchThrowable(() -> MessageTypes.builder().register(type));

            assertThat(refused.className()).isEqualTo(type.getName());
            assertThat(refused.getMessage()).as("refusal of %s", type).contains("built-in types").doesNotContain("register(");
            assertThat(registered).as("registering %s", type).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(type.getName()).hasMessageContaining("java.base");
        }
    }

    /**
     * The refusal of a JDK class gives advice that can be followed: it does not tell to allow a
     * JDK package, which allowPackage refuses.
     */
    @Test
    void refusalOfAJdkClassDoesNotAdviseAllowingAJdkPackage() {
        Throwable e = catchThrowable(() -> codec.encode(new StringBuilder("not built in"), null));

        assertThat(e).isInstanceOf(ClassNotAdmittedException.class);
        assertThat(e.getMessage()).doesNotContain("allowPackage(\"java.");
    }

    /** A lambda is refused even when its class's package is allowed. */
    @Test
    void lambdaIsRefusedInAnAllowedPackage() {
        Object lambda = Made.lambda();
        assertThat(lambda.getClass().getName()).startsWith(Codecs.PEER_PACKAGE);

        assertThatThrownBy(() -> codec.encode(lambda, null)).isInstanceOf(ClassNotAdmittedException.class);
    }

    /** An anonymous class is refused even when its package is allowed. */
    @Test
    void anonymousClassIsRefusedInAnAllowedPackage() {
        Object anonymous = Made.anonymous();
        assertThat(anonymous.getClass().getName()).startsWith(Codecs.PEER_PACKAGE);

        assertThatThrownBy(() -> codec.encode(anonymous, null)).isInstanceOf(ClassNotAdmittedException.class);
    }

    /** A dynamic proxy is refused even when its interface's package is allowed. */
    @Test
    void proxyIsRefusedInAnAllowedPackage() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Made.Greeter.class},
                (p, m, a) -> null);

        assertThatThrownBy(() -> codec.encode(proxy, null)).isInstanceOf(ClassNotAdmittedException.class);
    }

    /**
     * A lambda, an anonymous class or a proxy is refused with advice that can work: none of
     * marking, registering or allowing a package admits it (its package is allowed here already),
     * so the message says to send a record or a named class instead, and offers none of them.
     */
    @Test
    void unnamedClassesAreToldToSendANamedClassInstead() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Made.Greeter.class},
                (p, m, a) -> null);

        for (Object unnamed : List.of(Made.lambda(), Made.anonymous(), proxy, List.of(Made.lambda()))) {
            ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                    () -> codec.encode(unnamed, null));

            assertThat(e.getMessage()).as("refusal of %s", unnamed)
                    .contains(e.className(), "lambdas, proxies, anonymous and local classes never travel", "record")
                    .doesNotContain("register(", "allowPackage(");
        }
    }

    /** A class of an allowed package that asks for Java serialization is refused under its own class name. */
    @Test
    void classAskingForJavaSerializationIsRefusedUnderItsName() {
        ClassNotAdmittedException e = catchThrowableOfType(ClassNotAdmittedException.class,
                () -> codec.encode(new Legacy(), null));

        assertThat(e.className()).isEqualTo(Legacy.class.getName());
    }

    /** After a refusal the codec still encodes and decodes admitted messages. */
    @Test
    void codecStillWorksAfterARefusal() {
        for (int i = 0; i < 50; i++) {
            catchThrowable(() -> codec.encode(List.of(new Unadmitted("x")), null));
        }

        assertThat(Codecs.roundTrip(codec, List.of(new Point(4, 2)))).isEqualTo(List.of(new Point(4, 2)));
    }

    /**
     * A registered class without a no-argument constructor never reaches the receiver as a
     * malformed message: it fails at register or encode, or it decodes.
     */
    @Test
    void classWithoutNoArgConstructorIsNotMalformedAtTheReceiver() {
        Throwable outcome = catchThrowable(() -> {
            MessageCodec c = Codecs.codec(MessageTypes.builder().register(NoDefaultConstructor.class).build());
            Codecs.roundTrip(c, new NoDefaultConstructor(5));
        });

        assertThat(outcome).isNotInstanceOf(MalformedMessageException.class);
    }
}
