package io.threadwire.samples;

import io.threadwire.distributed.Node;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link ParigotServices} with its service and its program on two nodes of this JVM. */
final class ParigotDemo {
    private ParigotDemo() {
    }

    static void run() throws Exception {
        try (Node service = Node.start(0); Node program = Node.start(0)) {
            ParigotServices.startGreetingService(service, System.out);
            CompletableFuture<Long> sum = new CompletableFuture<>();
            program.spawn("program", () -> {
                try {
                    sum.complete(ParigotServices.runProgram(service.address(), System.out));
                } catch (RuntimeException e) {
                    sum.completeExceptionally(e);
                }
            });
            System.out.println("done: the sum of 1..1000000 is " + sum.get(60, TimeUnit.SECONDS));
        }
    }
}
