package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A link across nodes is one per pair of threads, as a local one is (Erlang's
 * {@code common_link_test} and {@code dist_links}): either side's unlink removes it, linking
 * from both sides makes one link, and one failure raises exactly one LinkedThreadException.
 */
class RemoteLinkPairTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /**
     * What a thread of B saw until the Down of its own monitor on the failing thread, made after
     * the link, and the link signals raised by then: every link signal of that failure is raised
     * before that Down is delivered (the link's exit hook was registered first, and both travel
     * on one connection), so none can come later.
     */
    private static List<Object> seenUntilDown() {
        List<Object> seen = new ArrayList<>();
        boolean down = false;
        for (;;) {
            try {
                Object m = receive(down ? Duration.ZERO : LONG);
                seen.add(m instanceof Down d ? "Down " + d.reason() : m);
                down |= m instanceof Down;
            } catch (LinkedThreadException e) {
                seen.add("linked " + e.reason());
            } catch (ReceiveTimeoutException nothingMore) {
                return seen;
            }
        }
    }

    /**
     * Scenario: a thread of A links to a thread of B, which unlinks (it did not make the link) and
     * then monitors it; the thread of A crashes: B's thread sees its Down and no link signal.
     */
    @RepeatedTest(20)
    void anUnlinkByThePartnerThatDidNotLinkRemovesTheLink() {
        Node a = cluster.node(0), b = cluster.node(1);
        Worker<List<Object>> partner = Worker.start(b, "partner", () -> {
            Synchronous request = receive(Synchronous.class, LONG);
            ThreadRef linker = request.sender();
            unlink(linker);
            monitor(linker);
            replySynchronous("unlinked", request);
            return seenUntilDown();
        });
        RemoteThread partnerHandle = b.remoteThread("partner-" + partner.thread().id());
        b.registerRemoteThread(partner.thread(), "partner-" + partner.thread().id());
        a.spawn(() -> {
            link(partnerHandle);
            sendSynchronous("please unlink", partnerHandle, LONG);
            throw new IllegalStateException("linker crashes");
        });
        List<Object> seen = partner.join();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).asString().startsWith("Down ").contains("linker crashes");
    }

    /**
     * Scenario: a thread of A and a thread of B link to each other, each from its side; A's
     * crashes: B's sees exactly one LinkedThreadException, then its monitor's Down.
     */
    @RepeatedTest(20)
    void linkingFromBothSidesMakesOneLink() {
        Node a = cluster.node(0), b = cluster.node(1);
        Worker<List<Object>> partner = Worker.start(b, "partner", () -> {
            ThreadRef linker = (ThreadRef) receive(LONG);
            link(linker);
            monitor(linker);
            send("linked back", linker);
            return seenUntilDown();
        });
        ThreadRef partnerHandle = partner.thread();
        a.spawn(() -> {
            link(partnerHandle); // a LocalThread of B, held by a thread of A: reached by id over the connection
            send(self(), partnerHandle);
            receive(LONG); // "linked back"
            throw new IllegalStateException("linker crashes");
        });
        List<Object> seen = partner.join();
        assertThat(seen).as("one failure, one LinkedThreadException").hasSize(2);
        assertThat(seen).filteredOn(o -> o.toString().startsWith("linked ")).singleElement().asString()
                .contains("linker crashes");
        assertThat(seen).filteredOn(o -> o.toString().startsWith("Down ")).hasSize(1);
    }

    /**
     * Scenario: linked both ways, B's thread unlinks once: the one link is gone for both, so A's
     * thread's crash raises nothing in B's, and B's later crash raises nothing in A's.
     */
    @Test
    void oneUnlinkRemovesALinkMadeFromBothSides() {
        Node a = cluster.node(0), b = cluster.node(1);
        Worker<List<Object>> partner = Worker.start(b, "partner", () -> {
            ThreadRef linker = (ThreadRef) receive(LONG);
            link(linker);
            assertThat(sendSynchronous("linked back", linker, LONG)).isEqualTo("go on");
            unlink(linker);
            monitor(linker);
            assertThat(sendSynchronous("unlinked", linker, LONG)).isEqualTo("crashing");
            return seenUntilDown();
        });
        ThreadRef partnerHandle = partner.thread();
        a.spawn(() -> {
            link(partnerHandle);
            send(self(), partnerHandle);
            replySynchronous("go on", receive(Synchronous.class, LONG));
            replySynchronous("crashing", receive(Synchronous.class, LONG));
            throw new IllegalStateException("linker crashes");
        });
        List<Object> seen = partner.join();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).asString().startsWith("Down ");
    }

    /**
     * Scenario: a thread of B links to a thread of A by id; A's thread links back by B's thread's
     * name, then unlinks by that name and monitors it; B's thread crashes: A's thread sees its
     * Down and no link signal, as the name stood for the partner of the one link.
     */
    @Test
    void anUnlinkByNameRemovesALinkThePartnerMadeById() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread partner = b.spawn(() -> {
            Synchronous hello = receive(Synchronous.class, LONG);
            link(hello.sender());
            replySynchronous("linked", hello);
            replySynchronous("ok", receive(Synchronous.class, LONG));
            replySynchronous("crashing", receive(Synchronous.class, LONG));
            throw new IllegalStateException("partner crashes");
        });
        String name = "partner-" + partner.id();
        b.registerRemoteThread(partner, name);
        RemoteThread byName = b.remoteThread(name);
        Worker<List<Object>> linker = Worker.start(a, "linker", () -> {
            assertThat(sendSynchronous("hello", byName, LONG)).isEqualTo("linked");
            link(byName); // the pair is linked already: this link is that one
            assertThat(sendSynchronous("linked by name", byName, LONG)).isEqualTo("ok"); // the name is resolved
            unlink(byName);
            monitor(byName);
            assertThat(sendSynchronous("crash", byName, LONG)).isEqualTo("crashing");
            return seenUntilDown();
        });
        List<Object> seen = linker.join();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).asString().startsWith("Down ").contains("partner crashes");
    }

    /**
     * Scenario: a thread of A links to a thread of B by name, unlinks by name and links by id at
     * once, before the name is resolved; B's thread crashes: A's thread sees the crash, as its
     * last word was to link.
     */
    @Test
    void aLinkByIdAfterAnUnlinkByNameHolds() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread partner = b.spawn(() -> {
            replySynchronous(self(), receive(Synchronous.class, LONG));
            replySynchronous("crashing", receive(Synchronous.class, LONG));
            throw new IllegalStateException("partner crashes");
        });
        String name = "partner-" + partner.id();
        b.registerRemoteThread(partner, name);
        RemoteThread byName = b.remoteThread(name);
        Worker<List<Object>> linker = Worker.start(a, "linker", () -> {
            ThreadRef byId = (ThreadRef) sendSynchronous("who are you?", byName, LONG);
            link(byName);
            unlink(byName);
            link(byId);
            monitor(byId);
            assertThat(sendSynchronous("crash", byId, LONG)).isEqualTo("crashing");
            return seenUntilDown();
        });
        List<Object> seen = linker.join();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).asString().startsWith("linked ").contains("partner crashes");
    }
}
