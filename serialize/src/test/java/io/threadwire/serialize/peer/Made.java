package io.threadwire.serialize.peer;

import java.util.function.Supplier;

/** Objects of classes that are never admitted, made inside the package the tests allow. */
public final class Made {
    /** An interface of the allowed package, for a proxy. */
    public interface Greeter {
        String greet();
    }

    private Made() {
    }

    public static Object lambda() {
        Supplier<String> lambda = () -> "x";
        return lambda;
    }

    public static Object anonymous() {
        return new Object() {
            @Override
            public String toString() {
                return "anonymous";
            }
        };
    }
}
