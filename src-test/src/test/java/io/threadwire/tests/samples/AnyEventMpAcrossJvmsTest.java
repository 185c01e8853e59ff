package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anyevent-mp sample across real JVMs, one part per process as the AnyEvent::MP tutorial
 * runs them in terminals: a seed node the others find each other through, receivers in the
 * group {@code eg_receivers} fed by a sender every second, and the resilient chat whose clients
 * reconnect when the server is stopped and started again.
 */
class AnyEventMpAcrossJvmsTest {
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** The address {@code anyevent-seed 0} says it is up at. */
    private static String addressOf(ChildJvm seed) {
        return seed.awaitLine("seed node ").replace(" is up", "");
    }

    /**
     * Scenario: a seed, two receivers and a sender, each in its own JVM and told only the seed's
     * address: the sender finds both receivers in {@code eg_receivers} and sends them
     * {@code test => time}; each receiver prints the time it was sent.
     */
    @Test
    void aSenderFindsTheReceiversThroughTheSeedAndFeedsThemEverySecond() throws Exception {
        try (ChildJvm seed = ChildJvm.sample(secret, "anyevent-seed 0")) {
            String seedAddress = addressOf(seed);
            try (ChildJvm first = ChildJvm.sample(secret, "anyevent-receiver " + seedAddress);
                 ChildJvm second = ChildJvm.sample(secret, "anyevent-receiver " + seedAddress)) {
                first.await("receiver ready");
                second.await("receiver ready");
                try (ChildJvm sender = ChildJvm.sample(secret, "anyevent-sender " + seedAddress)) {
                    // the first ticks may find fewer: the group's view reaches the sender's node after it joined
                    String toBoth = " to 2 receiver(s)";
                    sender.await(toBoth);
                    String time = sender.lines().stream().filter(line -> line.endsWith(toBoth)).findFirst().orElseThrow()
                            .replace("sent test => ", "").replace(toBoth, "");
                    first.await("Received data: " + time);
                    second.await("Received data: " + time);
                    seed.await(" is up", 4); // its own line, and one for each node that came up through it
                    seed.await("eg_receiver (", 2);
                    seed.await("eg_sender (");
                }
            }
        }
    }

    /**
     * Scenario: a seed, a chat server and two clients (nick1, nick2), each in its own JVM: both
     * join, a line typed by nick1 reaches nick2; the server is stopped (Ctrl-C) and started
     * again: both clients print "disconnected", connect and join again, and the chat goes on.
     */
    @Test
    void theChatGoesOnAfterItsServerIsStoppedAndStartedAgain() throws Exception {
        try (ChildJvm seed = ChildJvm.sample(secret, "anyevent-seed 0")) {
            chatAcrossARestartedServer(addressOf(seed));
        }
    }

    private void chatAcrossARestartedServer(String seedAddress) throws Exception {
        try (ChildJvm server = ChildJvm.sample(secret, "anyevent-chat-server " + seedAddress);
             ChildJvm nick1 = ChildJvm.sample(secret, "anyevent-chat-client nick1 " + seedAddress);
             ChildJvm nick2 = ChildJvm.sample(secret, "anyevent-chat-client nick2 " + seedAddress)) {
            server.await("relaying: nick1 (joins)");
            server.await("relaying: nick2 (joins)");
            nick1.type("hello");
            nick2.await("nick1: hello");
            assertThat(server.lines()).contains("server ready.", "relaying: nick1: hello");

            server.stop();
            nick1.await("disconnected ");
            nick2.await("disconnected ");
            try (ChildJvm again = ChildJvm.sample(secret, "anyevent-chat-server " + seedAddress)) {
                again.await("relaying: nick1 (joins)");
                again.await("relaying: nick2 (joins)");
                nick2.type("still here?");
                nick1.await("nick2: still here?");
                for (ChildJvm client : List.of(nick1, nick2)) {
                    assertThat(client.count("connecting...")).as("it connected twice%n%s", client.output()).isEqualTo(2);
                }

                nick1.kill(); // the server monitors its clients: nick1's node is gone, and so is nick1
                again.await("relaying: nick1 (quits, noconnection)");
                nick2.await("nick1 (quits, noconnection)");
            }
        }
    }

    /**
     * Scenario: {@code anyevent-mp}, the one command: the seed, the sender and the chat clients
     * in its JVM, the receiver and the chat server in two JVMs it starts; every step of the
     * tutorial shows in the one output, the chat server crashes, its supervisor restarts it,
     * the clients reconnect, and the command exits with 0.
     */
    @Test
    void theOneCommandRunsTheTutorialAcrossThreeJvms() throws Exception {
        try (ChildJvm all = ChildJvm.sample(secret, "anyevent-mp")) {
            assertThat(all.awaitExit()).as(all.output()).isZero();
            assertThat(all.lines()).as(all.output())
                    .contains("Ending with: 123", "receiver ready", "alice: hello", "bob: still here?")
                    .anyMatch(line -> line.startsWith("Received data: "))
                    .anyMatch(line -> line.matches("port \\d+ died: bored"))
                    .anyMatch(line -> line.startsWith("disconnected ") && line.contains("the chat server crashed on request"))
                    .endsWith("done: the tutorial's messages, groups, seed, mon/kil and chat (the server restarted by its supervisor)");
            assertThat(all.count("server ready.")).as("the supervisor restarted the server%n%s", all.output()).isEqualTo(2);
        }
    }
}
