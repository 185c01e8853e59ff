/**
 * threadwire's core: mailboxes, thread handles, send / receive / synchronous calls, monitors,
 * links, the local registry and supervisors ({@link io.threadwire.core.Messaging}). Its service
 * provider interface, through which a transport reaches threads of this JVM, is open to the
 * distributed module only.
 */
@SuppressWarnings("module") // the SPI's one client, distributed, is built after core
module io.threadwire.core {
    requires org.slf4j;

    exports io.threadwire.core;
    exports io.threadwire.core.spi to io.threadwire.distributed;
}
