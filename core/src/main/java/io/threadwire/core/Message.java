package io.threadwire.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type whose instances may travel inside messages between nodes, with no configuration:
 * <pre>{@code
 * @Message
 * record Greeting(String text, ThreadRef from) { }
 * }</pre>
 * A node sends such an object by its class name, and a receiving node that has the class on
 * its class path rebuilds it. Records, enums and classes with a no-argument constructor can be
 * marked; each class that travels must be marked itself (a record holding a list of
 * {@code Greeting}s needs {@code Greeting} marked too), except the permitted subclasses of a
 * marked sealed class or interface, which its {@code permits} clause names where it is
 * declared.
 *
 * <p>Safety: the receiving node loads a class named by a peer without initializing it, checks
 * that it carries this very annotation (by identity, not by name: a look-alike from another
 * package or class loader does not count), and only then runs any of its code or makes an
 * instance. Classes you cannot annotate (JDK or library types) are admitted by registering them
 * or allowing their package instead ({@code NodeConfig.builder().register(...)},
 * {@code .allowPackage(...)}).
 *
 * <p>Not inherited: a subclass of a marked class is not admitted unless it is marked too, so
 * that nothing becomes admitted far from where it is declared.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Message {
}
