package io.threadwire.cli;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code threadwire} command run in-process ({@code CommandLine.execute}) against a node of
 * this JVM that holds a secret of the test's own, with what each sub-command prints and the
 * exit code a Unix user relies on.
 */
class ThreadwireCommandTest {
    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private Path secretFile;
    private Node server;
    private final StringWriter served = new StringWriter();
    private final List<Node> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        secretFile = privateFile(dir.resolve("secret"), secret + "\n");
        server = Node.start(NodeConfig.builder().port(0).secret(secret).build());
        PrintWriter out = new PrintWriter(served, true);
        for (BuiltIn b : BuiltIn.values()) {
            b.start(server, out);
        }
    }

    @AfterEach
    void close() {
        server.close();
        others.forEach(Node::close);
    }

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    private CliRun runWithSecret(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--secret-file=" + secretFile);
        all.add("--timeout=" + Timeouts.LONG.toMillis() + "ms");
        return run(all.toArray(String[]::new));
    }

    private String address() {
        return server.address().toString();
    }

    @Test
    void pingSaysPongWithTheRoundTrip() {
        CliRun r = runWithSecret("ping", address());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("pong " + address() + " in \\d+\\.\\d{3} ms\\R");
    }

    @Test
    void pingOfANodeThatIsDownSaysPangAndExitsOne() throws IOException {
        // A port held by a socket that is bound but does not listen: nothing answers there, and the
        // command's own node, on a port the system picks, cannot be given it (a port closed
        // before the run could be, and the ping would then reach the command's own node)
        try (var held = new java.net.Socket()) {
            held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            int closedPort = held.getLocalPort();
            pingOfAClosedPort(closedPort);
        }
    }

    private void pingOfAClosedPort(int closedPort) {
        CliRun r = run("ping", "127.0.0.1:" + closedPort, "--secret-file=" + secretFile, "--timeout=1s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("pang 127.0.0.1:" + closedPort + System.lineSeparator());
        assertThat(r.err()).startsWith("ping: node 127.0.0.1:" + closedPort + " is unreachable")
                .contains("nothing listens there: check that the node runs");
    }

    @Test
    void pingWithAnotherSecretIsPangAndSaysTheSecretDiffers() throws IOException {
        CliRun r = run("ping", address(), "--secret-file=" + anotherSecret(), "--timeout=" + Timeouts.LONG.toMillis() + "ms");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("pang " + address() + System.lineSeparator());
        assertThat(r.err()).startsWith("ping: node " + address() + " is unreachable").contains("authentication failed")
                .contains("holds another secret than this command");
    }

    @Test
    void callWithAnotherSecretSaysTheSecretDiffersAndExitsOne() throws IOException {
        CliRun r = run("call", address(), "echo", "hi", "--secret-file=" + anotherSecret(), "--timeout=" + Timeouts.LONG.toMillis() + "ms");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("call: ").contains("holds another secret than this command");
    }

    private Path anotherSecret() throws IOException {
        return privateFile(dir.resolve("another"), HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
    }

    /** {@code file} with {@code text}, readable by its owner only, as a secret file must be. */
    static Path privateFile(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A --secret-file that others may read is refused, as a node refuses such a ~/.threadwire/secret, saying chmod 600. */
    @Test
    void aSecretFileOthersMayReadIsRefused() throws IOException {
        Path shared = Files.writeString(dir.resolve("shared-secret"), secret);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        for (String sub : List.of("ping", "node")) {
            CliRun r = run(sub, sub.equals("node") ? "--port=0" : address(), "--secret-file=" + shared);
            assertThat(r.exit()).as(sub + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).as(sub).startsWith(sub + ": the secret file " + shared + " may be read or changed by others")
                    .contains("chmod 600 " + shared);
            assertThat(r.out()).as(sub).isEmpty();
        }
    }

    @Test
    void aNodeNameThatIsNoNameIsAUsageErrorThatSaysWhatANameIs() {
        CliRun r = run("node", "--port=0", "--name=not a name");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("node name 'not a name' must be").contains("letters, digits");
    }

    @Test
    void aSeedThatIsNoAddressIsAUsageError() {
        CliRun r = run("node", "--port=0", "--seeds=127.0.0.1:9000,nowhere");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'nowhere' is not a node address");
    }

    /** A --host that is no address of this machine is a usage error that says so, not a failure to find a port. */
    @Test
    void aHostThatIsNotThisMachineIsAUsageError() {
        // an address, not a name: the test asks no resolver, which may be slow or absent here
        CliRun foreign = run("node", "--port=0", "--secret-file=" + secretFile, "--host=192.0.2.1"); // TEST-NET-1
        assertThat(foreign.exit()).as(foreign.err()).isEqualTo(2);
        assertThat(foreign.err()).startsWith("node: --host 192.0.2.1 (192.0.2.1) is not an address of this machine");
        assertThat(foreign.out()).isEmpty();
    }

    /** --host 0.0.0.0 would give the node an address nobody reaches: a usage error that points at --bind. */
    @Test
    void theWildcardAsHostIsAUsageErrorThatPointsAtBind() {
        for (String wildcard : List.of("0.0.0.0", "::")) {
            CliRun r = run("node", "--port=0", "--secret-file=" + secretFile, "--host=" + wildcard);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("node: --host " + wildcard + " means every interface, which no other node can reach")
                    .contains("--bind " + wildcard);
            assertThat(r.out()).isEmpty();
        }
        CliRun foreign = run("node", "--port=0", "--secret-file=" + secretFile, "--bind=192.0.2.1"); // TEST-NET-1
        assertThat(foreign.exit()).as(foreign.err()).isEqualTo(2);
        assertThat(foreign.err()).startsWith("node: --bind 192.0.2.1 (192.0.2.1) is not an address of this machine");
    }

    /** An unknown --serve thread is a usage error that lists the built-in threads as the docs write them. */
    @Test
    void anUnknownBuiltInIsAUsageErrorThatListsThemInLowerCase() {
        CliRun r = run("node", "--port=0", "--serve=logger,foo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'foo' is not a built-in thread: write logger, echo, counter");
        assertThat(run("node", "--help").out()).contains("logger, echo, counter").doesNotContain("LOGGER");
    }

    /** A built-in thread named twice in --serve is a usage error that names it, before any node starts. */
    @Test
    void aBuiltInServedTwiceIsAUsageError() {
        CliRun r = run("node", "--port=0", "--secret-file=" + secretFile, "--serve=logger,echo,LOGGER");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("node: --serve names logger twice").doesNotContain("unexpected failure");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void callPrintsTheReply() {
        CliRun r = runWithSecret("call", address(), "echo", "hello", "there");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hello there" + System.lineSeparator());
    }

    @Test
    void callOfANameNobodyHoldsSaysSoAndExitsOne() {
        CliRun r = runWithSecret("call", address(), "nobody", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("call: ").contains("nobody");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aCallNotAnsweredWithinTheTimeoutSaysSoAndExitsOne() {
        LocalThread silent = server.spawn(() -> {
            for (;;) {
                receive(); // takes every call and answers none
            }
        });
        server.registerRemoteThread(silent, "silent");
        Duration timeout = Timeouts.scaled(Duration.ofSeconds(2));
        CliRun r = run("call", address(), "silent", "x", "--secret-file=" + secretFile, "--timeout=" + timeout.toMillis() + "ms");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        // the timeout as the user writes it, and what to do: not "PT6S" nor "a late reply will be discarded"
        assertThat(r.err()).startsWith("call: no reply from silent@" + address() + " within "
                + DurationConverter.format(timeout)).contains("--timeout").doesNotContain("PT").doesNotContain("discarded");
    }

    @Test
    void namesGlobalListsTheClusterWideNamesWithTheirHolders() {
        LocalThread holder = server.spawn(() -> receive(Timeouts.LONG));
        assertThat(Worker.start(server, "register", () -> GlobalNames.register("the-one", holder)).join()).isTrue();
        CliRun r = runWithSecret("names", address(), "--global");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).singleElement().asString().startsWith("the-one\t");
        io.threadwire.core.Messaging.send("done", holder);
    }

    @Test
    void sendReachesTheThreadByName() {
        CliRun r = runWithSecret("send", address(), "logger", "hello");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sent 'hello' to logger at " + address());
        Timeouts.await(() -> served.toString().contains("logger received: hello"), "the logger prints the message");
    }

    @Test
    void sentNumbersAddUpInTheCounterAndACallAnswersTheTotal() {
        assertThat(runWithSecret("send", address(), "counter", "10").exit()).isZero();
        assertThat(runWithSecret("send", address(), "counter", "20").exit()).isZero();
        CliRun total = runWithSecret("call", address(), "counter", "12");
        assertThat(total.out().strip()).isEqualTo("42");
    }

    @Test
    void sendToANodeThatIsDownExitsOne() throws IOException {
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CliRun r = run("send", "127.0.0.1:" + closedPort, "logger", "x", "--secret-file=" + secretFile, "--timeout=1s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("send: ").contains("127.0.0.1:" + closedPort)
                .contains("nothing listens there: check that the node runs");
    }

    @Test
    void namesListsTheRegisteredNames() {
        CliRun r = runWithSecret("names", address());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("counter", "echo", "logger");
    }

    @Test
    void membersListsTheClusterAsTheNodeSeesIt() {
        Node other = Node.start(NodeConfig.builder().port(0).secret(secret).build());
        others.add(other);
        other.connect(server.address());
        CliRun r = runWithSecret("members", address());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(server.address().toString(), other.address().toString());
        assertThat(r.out().lines()).as("the command's own node is hidden: no member").hasSize(2);
    }

    /** The command's own node is hidden: the node it pings never reports it to monitorNodes. */
    @Test
    void pingNeverShowsUpAsAMember() {
        LocalThread test = self();
        LocalThread watcher = server.spawn(() -> {
            server.monitorNodes();
            send("watching", test);
            send(receive(Timeouts.LONG), test);
        });
        assertThat(receive(Timeouts.LONG)).isEqualTo("watching");
        CliRun r = runWithSecret("ping", address());
        assertThat(r.exit()).as(r.err()).isZero();
        // the server reports a connection before it answers on it: a NodeUp would be ahead of this
        send("ping answered", watcher);
        assertThat(receive(Timeouts.LONG)).as("the first thing monitorNodes delivered").isEqualTo("ping answered");
    }

    @Test
    void groupsListsGroupsAndTheirMembers() {
        LocalThread member = server.spawn(() -> receive(Timeouts.LONG));
        Groups.join("workers", member);
        CliRun groups = runWithSecret("groups", address());
        assertThat(groups.out().lines()).contains("workers");
        CliRun members = runWithSecret("groups", address(), "workers");
        assertThat(members.exit()).as(members.err()).isZero();
        assertThat(members.out().lines()).hasSize(1);
        send("done", member);
    }

    @Test
    void aBadAddressIsAUsageErrorThatSaysHowToWriteOne() {
        CliRun r = run("ping", "nowhere");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'nowhere' is not a node address: write host:port");
    }

    @Test
    void secretGeneratesAnOwnerOnlyFileAndRefusesToReplaceItUnasked() throws IOException {
        Path file = dir.resolve("home/.threadwire/secret");
        CliRun first = run("secret", "--generate", "--file=" + file);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("wrote a new secret to " + file + " (mode 600)")
                .containsPattern("nodes started here (use the secret|will create a secret)");
        String written = Files.readString(file).strip();
        assertThat(written).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.out()).doesNotContain(written);

        CliRun again = run("secret", "--generate", "--file=" + file);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("--force");
        assertThat(Files.readString(file).strip()).isEqualTo(written);

        assertThat(run("secret", "--generate", "--force", "--file=" + file).exit()).isZero();
        assertThat(Files.readString(file).strip()).isNotEqualTo(written);
    }

    /** A --secret-file that cannot be read is a usage error (exit 2) that says what to do, without a stack trace. */
    @Test
    void aSecretFileThatCannotBeReadIsAUsageErrorThatSaysWhatToDo() {
        Path missing = dir.resolve("no-such-secret");
        for (String sub : List.of("ping", "names", "node")) {
            CliRun r = run(sub, sub.equals("node") ? "--port=0" : address(), "--secret-file=" + missing);
            assertThat(r.exit()).as(sub + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(sub).startsWith(sub + ": cannot read the secret file " + missing)
                    .contains("give --secret-file a readable file").doesNotContain("unexpected failure")
                    .doesNotContain("\tat ");
            assertThat(r.out()).as(sub).isEmpty();
        }
    }

    /** secret --file FILE never says nodes use FILE: they read it only when given --secret-file FILE. */
    @Test
    void secretWithAFileOfItsOwnSaysNodesUseItOnlyWithSecretFile() {
        Path file = dir.resolve("elsewhere/secret");
        CliRun r = run("secret", "--generate", "--file=" + file);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("nodes started here use the secret in " + file)
                .contains(file + " holds a secret; a node or command uses it only when given --secret-file " + file);
    }

    @Test
    void everySubCommandHasHelp() {
        for (String sub : List.of("node", "send", "call", "ping", "names", "members", "groups", "secret", "completion")) {
            CliRun r = run(sub, "--help");
            assertThat(r.exit()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: threadwire " + sub);
        }
    }

    @Test
    void helpPrintsTheUsageOfThreadwireOrOfACommand() {
        CliRun all = run("help");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("Usage: threadwire").contains("ping", "members");
        CliRun ping = run("help", "ping");
        assertThat(ping.exit()).as(ping.err()).isZero();
        assertThat(ping.out()).contains("Usage: threadwire ping");
    }

    /** A wrong command line exits 2, as docs/cli.md says, also when it asks help of a command that does not exist. */
    @Test
    void helpOfACommandThatDoesNotExistIsAUsageErrorThatListsTheCommands() {
        CliRun r = run("help", "bogus");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains("no command 'bogus'").contains("ping", "members", "secret");
    }

    @Test
    void completionPrintsAScriptForTheCommand() {
        CliRun r = run("completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F", "threadwire").contains("ping", "members");
    }
}
