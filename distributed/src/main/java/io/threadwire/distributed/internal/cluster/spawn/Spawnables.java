package io.threadwire.distributed.internal.cluster.spawn;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Behaviour;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.serialize.MalformedMessageException;
import io.threadwire.serialize.MessageTooLargeException;
import io.threadwire.serialize.UndecodableMessageException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The behaviours this node lets other nodes start by name, and the threads started so: at most
 * {@code maxRemoteSpawned} run at once. Declared and removed from any thread; spawn requests
 * are answered on the node service's thread, and the behaviour runs on the new thread only.
 */
public final class Spawnables {
    /** How many declared names an unknown-behaviour answer lists. */
    private static final int NAMES_SHOWN = 20;

    private record Declared(Class<?> argsType, Behaviour body) {
    }

    private final Map<String, Declared> declared = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ClusterPort port;

    public Spawnables(ClusterPort port) {
        this.port = port;
    }

    /**
     * Declares {@code name}; {@code argsType} null takes any arguments.
     *
     * @throws IllegalStateException if the name is declared already
     */
    public void declare(String name, Class<?> argsType, Behaviour body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("a behaviour's name has 1 to 255 characters, not " + name.length());
        }
        if (declared.putIfAbsent(name, new Declared(argsType, body)) != null) {
            throw new IllegalStateException("behaviour '" + name + "' is declared already on node " + port.address()
                    + "; remove it first (removeSpawnable) to replace it");
        }
    }

    /** Withdraws {@code name}; threads started from it run on. False if it was not declared. */
    public boolean remove(String name) {
        return declared.remove(Objects.requireNonNull(name, "name")) != null;
    }

    /** How long a gated thread waits for its caller's start signal before it gives up, unrun. */
    public static Duration startTimeout(ClusterPort port) {
        return port.config().heartbeat().timeout().multipliedBy(2).plus(port.config().timeouts().connect());
    }

    /** Answers a spawn request: starts the thread, or says what was refused. Never throws for a bad request. */
    public SpawnProtocol.Reply spawn(SpawnProtocol.Request r) {
        Declared d = r.behaviour() == null ? null : declared.get(r.behaviour());
        if (d == null) {
            return refused(SpawnProtocol.UNKNOWN_BEHAVIOUR, "node " + port.address() + " declares no behaviour '"
                    + r.behaviour() + "'; it declares " + declaredNames());
        }
        Object args;
        try {
            args = port.decode(r.args() == null ? new byte[0] : r.args());
        } catch (UndecodableMessageException e) {
            String type = e.className() != null ? e.className() : r.argsClass() + " (or a class inside)";
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "node " + port.address() + " cannot take arguments of class "
                    + type + ": " + e.getMessage());
        } catch (MalformedMessageException | MessageTooLargeException e) {
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "node " + port.address() + " cannot decode the arguments: "
                    + e.getMessage());
        }
        if (d.argsType() != null && !d.argsType().isInstance(args)) {
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "behaviour '" + r.behaviour() + "' takes arguments of class "
                    + d.argsType().getName() + ", not " + args.getClass().getName());
        }
        int max = port.config().clusterLimits().maxRemoteSpawned();
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return refused(SpawnProtocol.LIMIT, "node " + port.address() + " runs " + max + " spawned threads, its"
                    + " limit (ClusterLimits.maxRemoteSpawned)");
        }
        Duration startTimeout = startTimeout(port);
        LocalThread child;
        try {
            child = Messaging.spawn(r.behaviour(), () -> run(d, args, r.gated(), startTimeout));
        } catch (RuntimeException e) {
            running.decrementAndGet();
            throw e;
        }
        return new SpawnProtocol.Reply(SpawnProtocol.OK, child, "");
    }

    private void run(Declared d, Object args, boolean gated, Duration startTimeout) {
        try {
            if (gated) {
                try {
                    Messaging.receive(SpawnProtocol.Go.class, startTimeout);
                } catch (ReceiveTimeoutException e) {
                    throw new ThreadwireException("not started: its caller did not confirm the spawn within "
                            + startTimeout.toMillis() + " ms (it or its node was lost)", e);
                }
            }
            d.body().run(args);
        } catch (Exception e) {
            throw Spawnables.<RuntimeException>asUnchecked(e);
        } finally {
            running.decrementAndGet();
        }
    }

    /** Rethrows {@code e} as it is, checked or not, so the thread ends with the behaviour's own exception. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E asUnchecked(Exception e) throws E {
        throw (E) e;
    }

    private String declaredNames() {
        var names = declared.keySet().stream().sorted().limit(NAMES_SHOWN).toList();
        return names.isEmpty() ? "none" : names + (declared.size() > NAMES_SHOWN ? " and more" : "");
    }

    private static SpawnProtocol.Reply refused(int status, String detail) {
        return new SpawnProtocol.Reply(status, null, detail);
    }
}
