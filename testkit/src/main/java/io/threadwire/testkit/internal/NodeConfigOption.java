package io.threadwire.testkit.internal;

import io.threadwire.distributed.NodeConfig;
import java.util.function.UnaryOperator;

/**
 * The test kit's option to run a suite under another setting (TLS on every node, say): the
 * system property {@value #PROPERTY} names a public class with a public no-argument constructor
 * that implements {@code UnaryOperator<NodeConfig>}; every node the kit starts is configured
 * with what it returns for the configuration the test asked for. Read once; unset, the
 * configuration is used as it is.
 */
public final class NodeConfigOption {
    /** The system property naming the class. */
    public static final String PROPERTY = "threadwire.testkit.nodeConfig";
    private static final UnaryOperator<NodeConfig> ADJUST = load(System.getProperty(PROPERTY));

    private NodeConfigOption() {
    }

    /** {@code config} as the option adjusts it. */
    public static NodeConfig apply(NodeConfig config) {
        return ADJUST == null ? config : ADJUST.apply(config);
    }

    @SuppressWarnings("unchecked")
    private static UnaryOperator<NodeConfig> load(String className) {
        if (className == null || className.isBlank()) {
            return null;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> c = Class.forName(className.strip(), true, loader != null ? loader
                    : NodeConfigOption.class.getClassLoader());
            Object adjuster = c.getConstructor().newInstance();
            if (!(adjuster instanceof UnaryOperator<?> op)) {
                throw new IllegalStateException(PROPERTY + "=" + className + " is not a UnaryOperator<NodeConfig>");
            }
            return (UnaryOperator<NodeConfig>) op;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(PROPERTY + "=" + className + ": cannot make one (a public class with a"
                    + " public no-argument constructor is needed): " + e, e);
        }
    }
}
