package io.threadwire.distributed;

import io.threadwire.core.RemoteThread;

final class RemoteThreadHelper {
    static RemoteThread named(Node node, String name) {
        return RemoteThread.named(node.address(), name);
    }
}
