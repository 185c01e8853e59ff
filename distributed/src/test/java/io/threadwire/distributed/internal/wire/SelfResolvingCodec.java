package io.threadwire.distributed.internal.wire;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;

/**
 * A codec for tests of what travels: the built-in types, 4 MiB messages, and the handles of node
 * {@link #NODE} (incarnation 7) exported and resolved as themselves, so that a decoded handle
 * equals the one encoded.
 */
public final class SelfResolvingCodec {
    public static final NodeAddress NODE = new NodeAddress("127.0.0.1", 1);
    public static final MessageCodec CODEC = new MessageCodec(MessageTypes.builder().build(), 1 << 22, 32,
            new HandleResolver() {
                @Override
                public RemoteThread.ById export(LocalThread thread) {
                    return new RemoteThread.ById(NODE, 7, thread.id());
                }

                @Override
                public ThreadRef resolve(RemoteThread.ById handle) {
                    return handle;
                }
            });

    private SelfResolvingCodec() {
    }
}
