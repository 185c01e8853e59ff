package io.threadwire.testkit;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.internal.DurationText;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ThreadwireCluster}: a {@link Cluster} per test, started
 * before it and closed after it, and its nodes as parameters. Use the annotation; the class is
 * public only so that JUnit can make it on any module layout.
 */
public final class ClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);
    private static final String KEY = "cluster";

    /** Made by JUnit. */
    public ClusterExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ThreadwireCluster settings = settings(context);
        if (settings.nodes() < 1) {
            throw new ExtensionConfigurationException("@ThreadwireCluster(nodes = " + settings.nodes()
                    + "): a cluster needs at least one node");
        }
        Cluster cluster = Cluster.of(settings.nodes(), configure(settings)).start();
        context.getStore(NAMESPACE).put(KEY, cluster);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Cluster cluster = context.getStore(NAMESPACE).remove(KEY, Cluster.class);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Cluster.class || type == Node.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster cluster = context.getStore(NAMESPACE).get(KEY, Cluster.class);
        if (cluster == null) {
            throw new ParameterResolutionException("@ThreadwireCluster gives its cluster and nodes to test methods and"
                    + " @BeforeEach/@AfterEach methods, not to " + parameter.getDeclaringExecutable());
        }
        if (parameter.getParameter().getType() == Cluster.class) {
            return cluster;
        }
        int index = nodeIndex(parameter);
        if (index >= cluster.size()) {
            throw new ParameterResolutionException(parameter.getDeclaringExecutable().getName() + " asks for node "
                    + (index + 1) + ", but @ThreadwireCluster(nodes = " + cluster.size() + ") starts " + cluster.size()
                    + "; ask for more nodes");
        }
        return cluster.node(index);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Cluster cluster = context.getStore(NAMESPACE).get(KEY, Cluster.class);
        if (cluster == null) {
            throw failure;
        }
        cluster.handleTestExecutionException(context, failure);
    }

    /** The position of a {@code Node} parameter among the {@code Node} parameters of its method. */
    private static int nodeIndex(ParameterContext parameter) {
        Executable method = parameter.getDeclaringExecutable();
        Parameter[] all = method.getParameters();
        int index = 0;
        for (int i = 0; i < parameter.getIndex(); i++) {
            if (all[i].getType() == Node.class) {
                index++;
            }
        }
        return index;
    }

    /** The annotation nearest the test: on its method, else on its class or an enclosing one. */
    private static ThreadwireCluster settings(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<ThreadwireCluster> found = c.get().getElement()
                    .flatMap(e -> AnnotationSupport.findAnnotation(e, ThreadwireCluster.class));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("ClusterExtension runs with @ThreadwireCluster on the test or its class");
    }

    /** {@code base} scaled for a slow machine ({@link Timeouts#SCALE}), never shortened. */
    private static Duration slower(Duration base) {
        return Timeouts.SCALE > 1 ? Timeouts.scaled(base) : base;
    }

    /** The node settings an annotation asks for. */
    static UnaryOperator<NodeConfig.Builder> configure(ThreadwireCluster s) {
        Duration heartbeat = DurationText.parse(s.heartbeat(), "heartbeat");
        Duration timeout = DurationText.parse(s.heartbeatTimeout(), "heartbeatTimeout");
        Duration connect = DurationText.parse(s.connectTimeout(), "connectTimeout");
        if (timeout == null && heartbeat != null) {
            timeout = slower(heartbeat.multipliedBy(5));
        }
        if (heartbeat == null && timeout != null && timeout.compareTo(Duration.ofSeconds(1)) <= 0) {
            heartbeat = timeout.dividedBy(5); // the default interval (1 s) would not fit in it
        }
        if (connect == null && timeout != null) {
            Duration fromTimeout = slower(timeout.multipliedBy(4));
            connect = fromTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : fromTimeout;
        }
        Duration hb = heartbeat;
        Duration hbTimeout = timeout;
        Duration connectTimeout = connect;
        return b -> {
            if (hb != null) {
                b.heartbeatInterval(hb);
            }
            if (hbTimeout != null) {
                b.heartbeatTimeout(hbTimeout);
            }
            if (connectTimeout != null) {
                b.connectTimeout(connectTimeout);
            }
            return b.wireProtection(s.wireProtection());
        };
    }
}
