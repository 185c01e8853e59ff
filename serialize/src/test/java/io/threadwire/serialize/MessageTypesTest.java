package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.serialize.Messages.Color;
import io.threadwire.serialize.Messages.Line;
import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.peer.Legacy;
import io.threadwire.serialize.peer.PeerNote;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MessageTypes.Builder refuses what cannot or must not travel, with a message that says why. */
class MessageTypesTest {

    interface Shape {
    }

    abstract static class AbstractShape implements Shape {
    }

    /** Two names whose FNV-1a ids collide (found by a search over "Clash" + n). */
    record Clash125680() {
    }

    record Clash155840() {
    }

    /** allowPackage refuses the JDK's packages, naming the package. */
    @ParameterizedTest
    @ValueSource(strings = {"java", "java.util", "java.lang.reflect", "javax", "javax.naming", "jdk.internal.misc",
            "sun.misc", "com.sun.rowset", "java.util."})
    void allowPackageRefusesJdkPackages(String jdkPackage) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(jdkPackage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JDK package " + jdkPackage.replaceAll("\\.$", ""));
    }

    /** allowPackage refuses a blank name. */
    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "."})
    void allowPackageRefusesABlankName(String blank) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    /** allowPackage refuses a package of one segment, which would admit every dependency under it, saying what to do instead. */
    @ParameterizedTest
    @ValueSource(strings = {"com", "org", "io", "net", "myapp", "com."})
    void allowPackageRefusesARootOfOneSegment(String root) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every class of every dependency")
                .hasMessageContaining("@Message");
    }

    /** allowPackage refuses well-known library namespaces and any package in them, saying to register classes one by one. */
    @ParameterizedTest
    @ValueSource(strings = {"org.apache", "org.apache.commons.collections", "com.google", "com.google.common.collect",
            "org.springframework", "com.esotericsoftware.kryo", "org.objenesis", "com.fasterxml.jackson.databind",
            "io.netty", "groovy.lang"})
    void allowPackageRefusesLibraryNamespaces(String library) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(library))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("library")
                .hasMessageContaining("register(...)");
    }

    /** allowPackage refuses threadwire's own packages and what holds them, but not an application's package under io.threadwire. */
    @ParameterizedTest
    @ValueSource(strings = {"io.threadwire", "io.threadwire.core", "io.threadwire.serialize.internal",
            "io.threadwire.distributed", "io.threadwire.distributed.internal.wire", "io.threadwire.testkit"})
    void allowPackageRefusesThreadwiresOwnPackages(String own) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(own))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadwire's own classes");
    }

    /** allowPackage refuses what is not a package name. */
    @ParameterizedTest
    @ValueSource(strings = {"com..example", "com.example-app", "1com.example", "com.example/x", "com.example.*"})
    void allowPackageRefusesWhatIsNotAPackageName(String notAName) {
        assertThatThrownBy(() -> MessageTypes.builder().allowPackage(notAName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a package name");
    }

    /** allowPackage accepts an application's own packages of two segments or more. */
    @ParameterizedTest
    @ValueSource(strings = {"com.example", "com.example.messages", "io.threadwire.tests", "org.acme.orders.events"})
    void allowPackageAcceptsApplicationPackages(String own) {
        assertThat(MessageTypes.builder().allowPackage(own).build().allowedPackages()).containsExactly(own);
    }

    /** allowPackage admits the package's classes and its subpackages' classes, and no others. */
    @Test
    void allowPackageAdmitsThePackageAndItsSubpackagesOnly() {
        MessageTypes types = MessageTypes.builder().allowPackage(Codecs.PEER_PACKAGE).build();

        assertThat(types.admits(PeerNote.class)).isTrue();
        assertThat(types.admitsName(Codecs.PEER_PACKAGE + ".x.y.Z")).isTrue();
        assertThat(types.admitsName(Codecs.PEER_PACKAGE + "x.Z")).isFalse();
        assertThat(types.admitsName("org.example.Z")).isFalse();
    }

    /** Arrays of admitted types are admitted at any dimension; arrays of unadmitted types are not. */
    @Test
    void arraysAreAdmittedByTheirElementType() {
        MessageTypes types = MessageTypes.builder().register(Point.class).build();

        assertThat(types.admits(Point[][].class)).isTrue();
        assertThat(types.admits(long[][][].class)).isTrue();
        assertThat(types.admits(java.time.Instant[].class)).isTrue();
        assertThat(types.admits(Shape[].class)).isFalse();
        assertThat(types.admits(Thread[].class)).isFalse();
    }

    /** A class name from the network is judged before loading: arrays by their element type, lambdas never. */
    @Test
    void namesFromTheNetworkAreJudgedByTheList() {
        MessageTypes types = MessageTypes.builder().register(Point.class).allowPackage(Codecs.PEER_PACKAGE).build();

        assertThat(types.admitsName(Point.class.getName())).isTrue();
        assertThat(types.admitsName("[[L" + Point.class.getName() + ";")).isTrue();
        assertThat(types.admitsName("[[I")).isTrue();
        assertThat(types.admitsName(Codecs.PEER_PACKAGE + ".Anything")).isTrue();
        assertThat(types.admitsName(Codecs.PEER_PACKAGE + ".Note$$Lambda/0x0000000801234")).isFalse();
        assertThat(types.admitsName("javax.naming.InitialContext")).isFalse();
        assertThat(types.admitsName("[Ljavax.naming.InitialContext;")).isFalse();
        assertThat(types.admitsName("[Q")).isFalse();
    }

    /** register refuses an interface, saying to register the concrete classes. */
    @Test
    void registerRefusesAnInterface() {
        assertThatThrownBy(() -> MessageTypes.builder().register(Shape.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Shape.class.getName())
                .hasMessageContaining("interface")
                .hasMessageContaining("concrete");
    }

    /** register refuses an abstract class. */
    @Test
    void registerRefusesAnAbstractClass() {
        assertThatThrownBy(() -> MessageTypes.builder().register(AbstractShape.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AbstractShape.class.getName())
                .hasMessageContaining("abstract");
    }

    /** register refuses a built-in type, saying it needs no registration. */
    @ParameterizedTest
    @ValueSource(classes = {String.class, Integer.class, int.class, int[].class, java.util.ArrayList.class,
            java.time.Instant.class})
    void registerRefusesABuiltInType(Class<?> builtIn) {
        assertThatThrownBy(() -> MessageTypes.builder().register(builtIn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built in");
    }

    /** register refuses a lambda's class. */
    @Test
    void registerRefusesALambda() {
        Supplier<String> lambda = () -> "x";

        assertThatThrownBy(() -> MessageTypes.builder().register(lambda.getClass()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambdas");
    }

    /** register refuses an anonymous class. */
    @Test
    void registerRefusesAnAnonymousClass() {
        Object anonymous = new Serializable() {
            private static final long serialVersionUID = 1L;
        };

        assertThatThrownBy(() -> MessageTypes.builder().register(anonymous.getClass()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anonymous");
    }

    /** register refuses a class declared inside a method. */
    @Test
    void registerRefusesALocalClass() {
        record Local(int x) {
        }

        assertThatThrownBy(() -> MessageTypes.builder().register(Local.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local");
    }

    /** An explicit id below 1000 or from 2^20 up is refused, and the message gives the allowed range. */
    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 19, 999, 1 << 20, Integer.MAX_VALUE})
    void explicitIdOutOfRangeIsRefused(int id) {
        assertThatThrownBy(() -> MessageTypes.builder().register(Point.class, id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(id))
                .hasMessageContaining("from 1000 to 1048575");
    }

    /** The bounds of the explicit id range are accepted. */
    @ParameterizedTest
    @ValueSource(ints = {1000, (1 << 20) - 1})
    void explicitIdAtTheBoundsIsAccepted(int id) {
        assertThat(MessageTypes.builder().register(Point.class, id).build().registered()).containsEntry(Point.class, id);
    }

    /** Two classes given the same explicit id are refused, naming both and the way out. */
    @Test
    void explicitIdCollisionIsRefused() {
        MessageTypes.Builder builder = MessageTypes.builder().register(Point.class, 1234);

        assertThatThrownBy(() -> builder.register(Color.class, 1234))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Point.class.getName())
                .hasMessageContaining(Color.class.getName())
                .hasMessageContaining("register(type, id)");
    }

    /** Two classes whose names derive the same id are refused, naming both. */
    @Test
    void nameDerivedIdCollisionIsRefused() {
        MessageTypes.Builder builder = MessageTypes.builder().register(Clash125680.class);

        assertThatThrownBy(() -> builder.register(Clash155840.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Clash125680.class.getName())
                .hasMessageContaining(Clash155840.class.getName())
                .hasMessageContaining("explicit id");
    }

    /** A name-derived collision is resolved by giving one of the classes an explicit id. */
    @Test
    void explicitIdResolvesANameDerivedCollision() {
        MessageTypes types = MessageTypes.builder().register(Clash125680.class).register(Clash155840.class, 5000).build();
        MessageCodec codec = Codecs.codec(types);

        assertThat(Codecs.roundTrip(codec, List.of(new Clash125680(), new Clash155840())))
                .isEqualTo(List.of(new Clash125680(), new Clash155840()));
    }

    /** Registering the same class twice is harmless: it keeps its id. */
    @Test
    void registeringTheSameClassTwiceKeepsItsId() {
        MessageTypes once = MessageTypes.builder().register(Point.class).build();
        MessageTypes twice = MessageTypes.builder().register(Point.class).register(Point.class).build();

        assertThat(twice.registered()).isEqualTo(once.registered());
    }

    /** Name-derived ids do not depend on registration order: two independently built types agree. */
    @Test
    void registeredIdsDoNotDependOnRegistrationOrder() {
        MessageTypes forward = MessageTypes.builder().register(Point.class).register(Color.class)
                .register(Messages.Line.class).build();
        MessageTypes backward = MessageTypes.builder().register(Messages.Line.class).register(Color.class)
                .register(Point.class).build();

        assertThat(forward.registered()).isEqualTo(backward.registered());
    }

    /** Bytes encoded with one registration order decode with another. */
    @Test
    void messagesCrossBetweenDifferentRegistrationOrders() {
        MessageCodec forward = Codecs.codec(MessageTypes.builder().register(Point.class).register(Color.class)
                .register(Messages.Line.class).build());
        MessageCodec backward = Codecs.codec(MessageTypes.builder().register(Messages.Line.class)
                .register(Color.class).register(Point.class).build());
        Object message = List.of(new Messages.Line(new Point(1, 2), null, "l"), Color.GREEN);

        byte[] bytes = forward.encode(message, null);

        assertThat(backward.decode(bytes, 0, bytes.length)).isEqualTo(message);
    }

    /** A name-derived id lies above the explicit range, so it cannot collide with an explicit id. */
    @Test
    void nameDerivedIdsLieAboveTheExplicitRange() {
        int id = MessageTypes.builder().register(Point.class).build().registered().get(Point.class);

        assertThat(id).isBetween(1 << 20, (1 << 28) - 1);
    }

    /** addAll admits everything the other types admit, with the same ids. */
    @Test
    void addAllCopiesRegistrationsAndPackages() {
        MessageTypes base = MessageTypes.builder().register(Point.class, 2000).allowPackage(Codecs.PEER_PACKAGE).build();

        MessageTypes copy = MessageTypes.builder().addAll(base).build();

        assertThat(copy.registered()).isEqualTo(base.registered());
        assertThat(copy.allowedPackages()).containsExactly(Codecs.PEER_PACKAGE);
    }

    /** addAll whose second class collides with a class registered here adds nothing, not its first class. */
    @Test
    void addAllIsAllOrNothing() {
        MessageTypes other = MessageTypes.builder().register(Point.class, 2000).register(Color.class, 2001)
                .allowPackage(Codecs.PEER_PACKAGE).build();
        MessageTypes.Builder here = MessageTypes.builder().register(Line.class, 2001);

        assertThatThrownBy(() -> here.addAll(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Line.class.getName());

        MessageTypes built = here.build();
        assertThat(built.registered()).containsOnlyKeys(Line.class);
        assertThat(built.allowedPackages()).isEmpty();
    }

    /**
     * register refuses a class that asks for Java serialization (which is never used), rather
     * than accepting it and breaking every later encode and decode of the codec.
     */
    @Test
    void registerRefusesAClassThatAsksForJavaSerialization() {
        assertThatThrownBy(() -> MessageTypes.builder().register(Legacy.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Legacy.class.getName());
    }
}
