package io.threadwire.distributed.internal.cluster.spawn;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transport;
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
     * Answers a spawn request of {@code requester} (null: this node), made by {@code caller}:
     * starts the thread, or says what was refused. Never throws for a bad request; what else
     * fails here (the node closing, an {@link Error}) is thrown, with no thread left running
     * the behaviour and no place taken.
     */
    public SpawnProtocol.Reply spawn(SpawnProtocol.Request r, NodeAddress requester, ThreadRef caller) {
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
        RemoteThread linkTo = null;
        if (r.linked()) {
            // Only the requesting node's own thread: a peer must not make this node link to a third node's thread.
            if (requester == null || !(caller instanceof RemoteThread.ById c) || !port.isOfPeer(c.node(), requester)) {
                return refused(SpawnProtocol.START_FAILED, "node " + port.address() + " links a new thread only to"
                        + " the thread of another node that asks for it");
            }
            linkTo = c;
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
        RuntimeException[] notLinked = new RuntimeException[1]; // written before the thread starts, read by it
        Runnable body = () -> run(d, args, r.gated(), startTimeout, requester, notLinked);
        RemoteThread partner = linkTo;
        LocalThread child;
        try {
            if (partner == null) {
                child = Messaging.spawn(behaviour, body);
            } else {
                Transport owner = LocalThreads.currentOwner(); // this node: the node service is one of its threads
                child = LocalThreads.spawn(owner, behaviour, body, c -> notLinked[0] = link(owner, c, partner));
            }
        } catch (Throwable e) { // an Error too: the place goes back, the thread never ran
            giveBack(requester);
            throw e;
        }
        if (notLinked[0] != null) { // it ends without running the behaviour, and gives its place back
            return refused(SpawnProtocol.START_FAILED, "node " + port.address() + " could not link the new thread to "
                    + partner + ", so it did not run: " + PeerText.safe(notLinked[0].toString()));
        }
        return new SpawnProtocol.Reply(SpawnProtocol.OK, child, "");
    }

    /**
     * Links the new thread {@code child} to {@code caller}, before it runs; null, or what failed
     * (the node closing, say): never throws, since {@code child} must then end unrun.
     */
    private static RuntimeException link(Transport owner, LocalThread child, RemoteThread caller) {
        try {
            owner.link(child, caller);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The answer to a request whose handling threw {@code failure}: no thread runs the behaviour. */
    public static SpawnProtocol.Reply failed(NodeAddress node, Throwable failure) {
        return refused(SpawnProtocol.START_FAILED, "node " + node + " could not start it: "
                + PeerText.safe(failure.toString()));
    }

    private void run(Declared d, Object args, boolean gated, Duration startTimeout, NodeAddress requester,
                     RuntimeException[] notLinked) {
        try {
            if (notLinked[0] != null) {
                return; // its caller is told; with no link it must not run
            }
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
