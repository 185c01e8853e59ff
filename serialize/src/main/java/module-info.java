/**
 * threadwire's encoding of messages with Kryo 5: thread handles travel as remote handles, and
 * only admitted classes are encoded or decoded ({@link io.threadwire.serialize.MessageTypes}).
 * On the module path, Kryo reads a message class's fields by reflection: open the package of
 * your message classes to {@code com.esotericsoftware.kryo}, and to this module too, which then
 * reads and builds records through method handles (faster than Kryo's reflection; the bytes are
 * the same either way). Its service provider interface (the big array a node reuses between
 * big messages) is open to the distributed module only.
 */
// requires-automatic: Kryo has no descriptor, only a stable name; module: the SPI's one client,
// distributed, is built after this module
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module io.threadwire.serialize {
    requires transitive io.threadwire.core;
    requires transitive com.esotericsoftware.kryo; // MessageCodec's header writers take Kryo's Output
    requires org.slf4j;

    exports io.threadwire.serialize;
    exports io.threadwire.serialize.spi to io.threadwire.distributed;
}
