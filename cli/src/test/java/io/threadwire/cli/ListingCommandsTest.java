package io.threadwire.cli;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Listing;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing commands ({@code names}, {@code members}, {@code groups}) when there is more to
 * list than they show: the entries on standard output, and on standard error a line that says
 * the listing is incomplete.
 */
class ListingCommandsTest {
    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private Path secretFile;
    private Node server;
    private LocalThread holder; // holds the names and group memberships of a test
    private final List<Node> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        secretFile = ThreadwireCommandTest.privateFile(dir.resolve("secret"), secret + "\n");
        server = Node.start(NodeConfig.builder().port(0).secret(secret).build());
        holder = server.spawn(() -> receive(Timeouts.LONG));
    }

    @AfterEach
    void close() {
        Messaging.send("done", holder);
        others.forEach(Node::close);
        server.close();
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, server.address().toString());
        all.add("--secret-file=" + secretFile);
        all.add("--timeout=" + Timeouts.LONG.toMillis() + "ms");
        return CliRun.of(all.toArray(String[]::new));
    }

    private void registerNames(int count) {
        IntStream.range(0, count).forEach(i -> server.registerRemoteThread(holder, String.format("n%05d", i)));
    }

    /** A listing the node cut at its maximum shows what it sent, says on standard error that there is more, and exits 1. */
    @Test
    void aListingTheNodeCutSaysSoAndExitsOne() {
        registerNames(Listing.MAX + 1);
        CliRun r = run("names");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out().lines()).hasSize(Listing.MAX).startsWith("n00000").endsWith(String.format("n%05d", Listing.MAX - 1));
        assertThat(r.err()).isEqualTo("names: listed the first " + Listing.MAX + " names only: node " + server.address()
                + " holds more, and a node lists at most " + Listing.MAX + " (give --limit to accept a partial listing)"
                + System.lineSeparator());
    }

    /** A listing cut at the --limit the user gave exits 0, and standard error still says there is more. */
    @Test
    void aListingCutAtTheLimitGivenSaysThereIsMoreAndExitsZero() {
        registerNames(3);
        CliRun r = run("names", "--limit=2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("n00000", "n00001");
        assertThat(r.err()).isEqualTo("names: listed the first 2 names only: there are more (raise --limit, up to "
                + Listing.MAX + ", to see them)" + System.lineSeparator());
    }

    /** A listing that fits in the --limit is complete: nothing on standard error. */
    @Test
    void aListingWithinTheLimitIsCompleteAndSilent() {
        registerNames(2);
        CliRun r = run("names", "--limit=2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("n00000", "n00001");
        assertThat(r.err()).isEmpty();
    }

    /** Every listing command takes --limit and says when it cut the listing, in the singular for one entry. */
    @Test
    void everyListingCommandSaysWhenItsLimitCutIt() {
        Node other = Node.start(NodeConfig.builder().port(0).secret(secret).build());
        others.add(other);
        other.connect(server.address());
        registerNames(2);
        Worker.start(server, "join", () -> {
            Groups.join("a", holder);
            Groups.join("b", holder);
            Groups.join("b", holder);
            assertThat(GlobalNames.register("g1", holder)).isTrue();
            assertThat(GlobalNames.register("g2", holder)).isTrue();
            return null;
        }).join();
        Map<List<String>, String> one = Map.of(List.of("members"), "member", List.of("groups"), "group",
                List.of("groups", "b"), "member of group b", List.of("names", "--global"), "global name",
                List.of("names"), "name");
        one.forEach((command, entry) -> {
            List<String> args = new ArrayList<>(command);
            args.add("--limit=1");
            CliRun r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            assertThat(r.out().lines()).as(command.toString()).hasSize(1);
            assertThat(r.err()).as(command.toString()).startsWith(command.get(0) + ": listed the first " + entry
                    + " only: there are more (raise --limit");
        });
    }

    /** A --limit below 1 or above what a node lists is a usage error that says what to write. */
    @Test
    void aLimitOutOfRangeIsAUsageError() {
        for (String limit : List.of("0", "-3", String.valueOf(Listing.MAX + 1))) {
            CliRun r = run("names", "--limit=" + limit);
            assertThat(r.exit()).as(limit + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(limit).contains("--limit must be from 1 to " + Listing.MAX);
            assertThat(r.out()).as(limit).isEmpty();
        }
    }
}
