package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code node --bind B --host H}: the node listens on B and is reached at H, which need not be an
 * address of this machine (a NAT's public address, a load balancer's or a container host's name).
 */
class NodeCommandBindTest {
    @TempDir
    Path dir;

    @Test
    void withBindTheHostIsWhereOthersReachItNotWhereItListens() throws Exception {
        Path secret = ThreadwireCommandTest.privateFile(dir.resolve("secret"), "0123456789abcdef0123456789abcdef\n");
        CompletableFuture<String> up = new CompletableFuture<>();
        StringWriter all = new StringWriter();
        Writer out = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                all.write(buf, off, len);
                if (all.toString().contains("\n")) {
                    up.complete(all.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread node = Thread.ofVirtual().start(() -> exit[0] = Threadwire.execute(new PrintWriter(out, true),
                new PrintWriter(err, true), "node", "--port=0", "--secret-file=" + secret,
                "--host=192.0.2.1", "--bind=127.0.0.1")); // TEST-NET-1: not this machine's, as a NAT's address is not
        try {
            CompletableFuture.anyOf(up, CompletableFuture.runAsync(() -> join(node))).get(Timeouts.LONG.toMillis(),
                    TimeUnit.MILLISECONDS);
            assertThat(up).as("exit %s: %s", exit[0], err).isDone();
            assertThat(up.get()).startsWith("node 192.0.2.1:").contains(" is up");
        } finally {
            node.interrupt(); // what stops it here in place of Ctrl-C
            node.join(Timeouts.LONG.toMillis());
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
