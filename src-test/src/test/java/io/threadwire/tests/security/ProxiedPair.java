package io.threadwire.tests.security;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.WireProtection;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * Two nodes with a man in the middle: a {@link TcpProxy} at the attacked node's advertised
 * address. The attacked node advertises 127.0.0.2 and listens on 127.0.0.1 at the same port;
 * the proxy listens on 127.0.0.2 and forwards, so the legitimate node, dialing the attacked one
 * under its own address, goes through the proxy.
 */
final class ProxiedPair implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Node legit;
    final Node attacked;
    final TcpProxy proxy;
    final byte[] secret;

    /** Both nodes with {@code protection} (null: the default) and whatever else {@code more} sets. */
    ProxiedPair(WireProtection protection, UnaryOperator<NodeConfig.Builder> more) throws Exception {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        String hex = HexFormat.of().formatHex(s);
        secret = hex.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        legit = Node.start(more.apply(config(hex, protection)).host("127.0.0.1").build());
        attacked = Node.start(more.apply(config(hex, protection)).host("127.0.0.2").bindHost("127.0.0.1").build());
        int port = attacked.address().port();
        proxy = new TcpProxy(new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port));
    }

    ProxiedPair(WireProtection protection) throws Exception {
        this(protection, b -> b);
    }

    private static NodeConfig.Builder config(String secret, WireProtection protection) {
        NodeConfig.Builder b = NodeConfig.builder().port(0).secret(secret).allowPackage(AttackedNode.PACKAGE);
        return protection == null ? b : b.wireProtection(protection);
    }

    @Override
    public void close() throws Exception {
        try (proxy) {
            legit.close();
            attacked.close();
        }
    }
}
