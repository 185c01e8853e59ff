package io.threadwire.samples;

import static io.threadwire.core.Messaging.awaitServing;
import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.sendSynchronous;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GroupEvent;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * AVM's distributed ping-pong. On node beta, pong is created and announced to every node: it
 * joins the group {@code "pong"}, and each node's view of the group is its location directory
 * (AVM's CreateNotify and DestroyNotify are the group's joins and leaves). On node alpha, a
 * directory thread follows the group and prints each change; ping's orchestrator calls pong
 * synchronously for N rounds, and pong calls ping back before it answers, so ping serves that
 * call while it waits ({@code awaitServing}). When beta dies, alpha's directory drops pong.
 */
public final class AvmPingPong {
    /** How long a call waits. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The group pong announces itself in. */
    public static final String GROUP = "pong";

    /** ping's call to pong: the round and ping itself, to call back. */
    @Message
    public record Ping(int round, ThreadRef ping) {
    }

    /** pong's call back to ping during a round. */
    @Message
    public record Callback(int round) {
    }

    /** pong's answer: the round and what ping said to the call-back. */
    @Message
    public record Pong(int round, Object pingSaid) {
    }

    /** Asks a directory thread where pong is; it answers an {@code Optional<ThreadRef>}. */
    private record WhereIsPong() {
    }

    private AvmPingPong() {
    }

    /** Beta's half: creates pong on {@code beta} and announces it. Pong runs until its node closes. */
    public static LocalThread startPong(Node beta, PrintStream out) {
        // tag::pong[]
        LocalThread pong = beta.spawn("pong", () -> {
            for (;;) {
                Synchronous call = receive(Synchronous.class);
                if (call.data() instanceof Ping ping) {
                    Object back = sendSynchronous(new Callback(ping.round()), ping.ping(), PATIENCE);
                    out.println("pong: round " + ping.round() + ", ping said '" + back + "'");
                    replySynchronous(new Pong(ping.round(), back), call);
                }
            }
        });
        Groups.join(GROUP, pong);
        out.println("beta: created pong and announced it to every node");
        // end::pong[]
        return pong;
    }

    /**
     * Alpha's location directory: a thread of {@code alpha} that follows the group and prints
     * {@code directory: pong -> beta (127.0.0.1:9002)} when pong is created (its node's name, as
     * the handshake gave it, and address) and {@code directory: pong dropped: beta
     * (127.0.0.1:9002) is gone} when it is gone; it answers where pong is.
     */
    public static LocalThread startDirectory(Node alpha, PrintStream out) {
        return alpha.spawn("directory", () -> {
            // tag::directory[]
            Groups.monitor(GROUP);
            ThreadRef pong = null;
            String where = null; // pong's node, "beta (127.0.0.1:9002)"
            for (;;) {
                Object m = receive();
                if (m instanceof GroupEvent.Members members && !members.members().isEmpty()) {
                    pong = members.members().get(0);
                    where = found(alpha, pong, out);
                } else if (m instanceof GroupEvent.Joined joined) {
                    pong = joined.threads().get(0);
                    where = found(alpha, pong, out);
                } else if (m instanceof GroupEvent.Left left && left.threads().contains(pong)) {
                    out.println("directory: pong dropped: " + where + " is gone");
                    pong = null;
                } else if (m instanceof Synchronous call && call.data() instanceof WhereIsPong) {
                    replySynchronous(Optional.ofNullable(pong), call);
                }
            }
            // end::directory[]
        });
    }

    /**
     * Prints where pong is and returns it: its node by name and address as {@code alpha}'s
     * members list it, "beta (127.0.0.1:9002)" (the address alone for a node with no name).
     */
    private static String found(Node alpha, ThreadRef pong, PrintStream out) {
        NodeAddress address = pong instanceof RemoteThread r ? r.node() : alpha.address();
        String where = alpha.members().stream().filter(member -> member.address().equals(address)).findFirst()
                .map(Member::label).orElse(address.toString());
        out.println("directory: pong -> " + where);
        return where;
    }

    /** Where the directory says pong is, if anywhere. */
    @SuppressWarnings("unchecked")
    public static Optional<ThreadRef> whereIsPong(LocalThread directory) {
        return (Optional<ThreadRef>) sendSynchronous(new WhereIsPong(), directory, PATIENCE);
    }

    /**
     * Ping's orchestrator, run by a thread of alpha: {@code rounds} synchronous calls to pong,
     * each answering pong's call-back while it waits. Returns "done".
     */
    public static String runPing(ThreadRef pong, int rounds, PrintStream out) {
        // tag::ping[]
        for (int round = 1; round <= rounds; round++) {
            int r = round;
            Pong answer = (Pong) awaitServing(callAsync(new Ping(round, self()), pong, PATIENCE),
                    callback -> "ping heard round " + r);
            out.println("ping: round " + answer.round() + " answered by pong");
        }
        // end::ping[]
        out.println("ping returns \"done\"");
        return "done";
    }
}
