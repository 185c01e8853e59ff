package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Another node (or this one) seen through its node service, which every node runs and answers
 * for any peer that holds the cluster's secret: what the {@code threadwire} command-line tool
 * shows. Get one with {@link Node#remote}.
 *
 * <p>Each method is one synchronous call from the node it was made by, connecting first if
 * needed, each step bounded by that node's connect timeout. Lists are {@link Listing}s: a node
 * sends at most {@value Listing#MAX} entries, and a listing it cut says so ({@link Listing#truncated()}).
 * Every method but {@link #ping} throws {@link NodeUnreachableException} naming the address
 * if the node cannot be reached or does not answer in time, at once if its node service
 * failed as it answered (the message names what failed there), and also if it answers with
 * something malformed (a broken or hostile node: a listing with a null entry, an entry or an
 * answer of another type), which is refused whole rather than passed on in part. Once the node
 * it was made by is closed, every method (ping included) throws {@link IllegalStateException}
 * saying so, as that node's own methods that act do: the node asked is not to blame. Thread-safe.
 */
public final class RemoteNode {
    private final Node via;
    private final NodeAddress address;

    RemoteNode(Node via, NodeAddress address) {
        this.via = Objects.requireNonNull(via, "via");
        this.address = Objects.requireNonNull(address, "address");
    }

    public NodeAddress address() {
        return address;
    }

    /** The round trip of a call to the node, or empty if it cannot be reached in time; never throws for the network. */
    public Optional<Duration> ping() {
        checkOpen();
        return NodeCalls.ping(via, address, timeout());
    }

    /** The thread registered as {@code name} there now, or empty. */
    public Optional<ThreadRef> whereis(String name) {
        Objects.requireNonNull(name, "name");
        InspectProtocol.WhereIs request = new InspectProtocol.WhereIs(name);
        Optional<?> found = NodeAnswers.as(address, request, ask(request), Optional.class);
        return found.map(thread -> NodeAnswers.as(address, request, thread, ThreadRef.class));
    }

    /** The names registered there, sorted; the node's own services' names left out. */
    public Listing<String> registeredNames() {
        return listing(new InspectProtocol.ListNames(), String.class);
    }

    /** The cluster as that node sees it: itself and every member it is connected with, by address. */
    public Listing<Member> members() {
        return listing(new InspectProtocol.ListMembers(), Member.class);
    }

    /** The groups with members in that node's view, sorted (each once). */
    public Listing<String> groups() {
        return listing(new InspectProtocol.ListGroups(), String.class);
    }

    /** The members of {@code group} in that node's view, one entry per join. */
    public Listing<ThreadRef> members(String group) {
        Objects.requireNonNull(group, "group");
        return listing(new InspectProtocol.GroupMembers(group), ThreadRef.class);
    }

    /** The global names in that node's view, each with its holder ({@code getKey()}, {@code getValue()}), sorted by name. */
    public Listing<Map.Entry<String, ThreadRef>> globalNames() {
        InspectProtocol.ListGlobalNames request = new InspectProtocol.ListGlobalNames();
        Listing<NamesProtocol.Held> held = NodeAnswers.listing(address, request, ask(request), NamesProtocol.Held.class);
        List<Map.Entry<String, ThreadRef>> names = new ArrayList<>(held.size());
        for (NamesProtocol.Held h : held) {
            if (h.name() == null || h.thread() == null) {
                throw NodeAnswers.malformed(address, request, "a listing with a global name or holder missing");
            }
            names.add(Map.entry(h.name(), h.thread()));
        }
        return new Listing<>(names, held.truncated());
    }

    /** What the node says about itself. */
    public NodeInfo info() {
        InspectProtocol.Info request = new InspectProtocol.Info();
        return NodeAnswers.as(address, request, ask(request), NodeInfo.class);
    }

    private <T> Listing<T> listing(InspectProtocol request, Class<T> type) {
        return NodeAnswers.listing(address, request, ask(request), type);
    }

    private Object ask(InspectProtocol request) {
        checkOpen();
        return NodeCalls.ask(via, address, request, timeout());
    }

    /** A closed node calls nobody; without this the call failed as "node <address> is unreachable: node closed". */
    private void checkOpen() {
        if (via.isClosed()) {
            throw new IllegalStateException("node " + via.address() + " is closed, so it cannot ask " + address
                    + "; ask through a node that runs (node.remote(address))");
        }
    }

    private Duration timeout() {
        return via.config().timeouts().connect();
    }

    @Override
    public String toString() {
        return "RemoteNode[" + address + " via " + via.address() + "]";
    }
}
