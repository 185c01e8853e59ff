package io.threadwire.distributed.internal.cluster.spawn;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Behaviour;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.serialize.MalformedMessageException;
import io.threadwire.serialize.MessageTooLargeException;
import io.threadwire.serialize.UndecodableMessageException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The behaviours this node lets other nodes start by name, and the threads they start so, within
 * {@link SpawnSlots}' bounds (the node's own spawns by name take no place there). Declared and removed from any thread; spawn requests are answered
 * on the node service's thread, and the behaviour runs on the new thread only. Answering a
 * request costs in proportion to its own length: a refusal never echoes a peer's text at
 * length, and lists at most {@value #NAMES_SHOWN} declared names.
 */
public final class Spawnables {
    /** How many declared names an unknown-behaviour answer lists. */
    private static final int NAMES_SHOWN = 20;
    /** Longest behaviour name, in characters. */
    public static final int MAX_NAME = 255;

    private record Declared(Class<?> argsType, Behaviour body) {
    }

    private final ConcurrentNavigableMap<String, Declared> declared = new ConcurrentSkipListMap<>(); // sorted: cheap to list
    private final SpawnSlots slots;
    private final ClusterPort port;

    public Spawnables(ClusterPort port) {
        this.port = port;
        this.slots = new SpawnSlots(port.config().clusterLimits());
    }

    /**
     * Declares {@code name}; {@code argsType} null takes any arguments.
     *
     * @throws IllegalStateException if the name is declared already
     */
    public void declare(String name, Class<?> argsType, Behaviour body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a behaviour's name has 1 to " + MAX_NAME + " characters, not " + name.length());
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

    /**
     * Answers a spawn request of {@code requester} (null: this node): starts the thread, or says
     * what was refused. Never throws for a bad request; what else fails here (the node closing,
     * an {@link Error}) is thrown, with no thread left running the behaviour and no place taken.
     */
    public SpawnProtocol.Reply spawn(SpawnProtocol.Request r, NodeAddress requester) {
        String behaviour = r.behaviour();
        if (behaviour == null || behaviour.isEmpty() || behaviour.length() > MAX_NAME) {
            return refused(SpawnProtocol.UNKNOWN_BEHAVIOUR, "node " + port.address() + " declares no behaviour of "
                    + (behaviour == null ? "no name" : behaviour.length() + " characters") + "; names have 1 to "
                    + MAX_NAME + " characters");
        }
        Declared d = declared.get(behaviour);
        if (d == null) {
            return refused(SpawnProtocol.UNKNOWN_BEHAVIOUR, "node " + port.address() + " declares no behaviour '"
                    + behaviour + "'; it declares " + declaredNames());
        }
        Object args;
        try {
            args = port.decode(r.args() == null ? new byte[0] : r.args());
        } catch (UndecodableMessageException e) {
            String type = e.className() != null ? e.className() : PeerText.safe(r.argsClass()) + " (or a class inside)";
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "node " + port.address() + " cannot take arguments of class "
                    + type + ": " + e.getMessage());
        } catch (MalformedMessageException | MessageTooLargeException e) {
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "node " + port.address() + " cannot decode the arguments: "
                    + e.getMessage());
        }
        if (d.argsType() != null && !d.argsType().isInstance(args)) {
            return refused(SpawnProtocol.ARGUMENTS_REFUSED, "behaviour '" + behaviour + "' takes arguments of class "
                    + d.argsType().getName() + ", not " + args.getClass().getName());
        }
        if (requester != null) { // the node's own spawns by name are its own to bound, as its other threads are
            String full = slots.take(requester);
            if (full != null) {
                return refused(SpawnProtocol.LIMIT, "node " + port.address() + " runs " + full);
            }
        }
        Duration startTimeout = startTimeout(port);
        LocalThread child;
        try {
            child = Messaging.spawn(behaviour, () -> run(d, args, r.gated(), startTimeout, requester));
        } catch (Throwable e) { // an Error too: the place goes back, the thread never ran
            giveBack(requester);
            throw e;
        }
        return new SpawnProtocol.Reply(SpawnProtocol.OK, child, "");
    }

    /** The answer to a request whose handling threw {@code failure}: no thread runs the behaviour. */
    public static SpawnProtocol.Reply failed(NodeAddress node, Throwable failure) {
        return refused(SpawnProtocol.START_FAILED, "node " + node + " could not start it: "
                + PeerText.safe(failure.toString()));
    }

    private void run(Declared d, Object args, boolean gated, Duration startTimeout, NodeAddress requester) {
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
            giveBack(requester);
        }
    }

    /** Gives back the place a thread spawned at the request of {@code requester} took; none for this node's own. */
    private void giveBack(NodeAddress requester) {
        if (requester != null) {
            slots.give(requester);
        }
    }

    /** Rethrows {@code e} as it is, checked or not, so the thread ends with the behaviour's own exception. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E asUnchecked(Exception e) throws E {
        throw (E) e;
    }

    private String declaredNames() {
        List<String> names = declared.keySet().stream().limit(NAMES_SHOWN + 1).toList();
        if (names.isEmpty()) {
            return "none";
        }
        return names.size() > NAMES_SHOWN ? names.subList(0, NAMES_SHOWN) + " and more" : names.toString();
    }

    private static SpawnProtocol.Reply refused(int status, String detail) {
        return new SpawnProtocol.Reply(status, null, detail);
    }
}
