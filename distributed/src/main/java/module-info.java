/**
 * threadwire's nodes: connections to other nodes over KryoNet, authentication, remote names,
 * failure detection, remote monitors and links ({@link io.threadwire.distributed.Node},
 * {@link io.threadwire.distributed.Distributed}). The fault hooks of
 * {@code io.threadwire.distributed.spi} are open to the test kit only.
 */
// requires-automatic: KryoNet's jar names no module, its name comes from the file ("kryonet");
// module: the test kit, to which the SPI is exported, is built after this module
@SuppressWarnings({"requires-automatic", "module"})
module io.threadwire.distributed {
    requires transitive io.threadwire.core;
    requires transitive io.threadwire.serialize; // NodeConfig hands out MessageTypes
    requires kryonet;
    requires com.esotericsoftware.kryo;
    requires com.esotericsoftware.minlog;
    requires org.slf4j;
    requires java.naming;       // SRV seeds (SeedProvider.dnsSrv) through JNDI
    requires jdk.naming.dns;    // its DNS provider: named, so that a jlink image includes it
    requires jdk.security.auth; // the user id this JVM runs as, which owns its secret files (PrivateFiles)

    exports io.threadwire.distributed;
    // Kryo reads the fields of the records the cluster services exchange
    opens io.threadwire.distributed to com.esotericsoftware.kryo;
    opens io.threadwire.distributed.internal.cluster.protocol to com.esotericsoftware.kryo;
    exports io.threadwire.distributed.spi to io.threadwire.testkit;
}
