package io.threadwire.distributed.internal.transport;

import com.esotericsoftware.minlog.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends KryoNet's and Kryo's own logging (minlog, a JVM-wide static logger) to SLF4J, one level
 * down: threadwire logs connection events itself, and KryoNet's ERROR for each bad frame would
 * let a hostile peer flood the log, so its errors and warnings become DEBUG here.
 */
public final class MinlogBridge {
    private static final Logger KRYONET = LoggerFactory.getLogger("com.esotericsoftware.kryonet");
    private static volatile boolean installed;

    private MinlogBridge() {
    }

    public static void install() {
        if (installed) {
            return;
        }
        installed = true;
        Log.setLogger(new Log.Logger() {
            @Override
            public void log(int level, String category, String message, Throwable ex) {
                String text = (category == null ? "" : category + ": ") + message + (ex == null ? "" : " (" + ex + ")");
                if (level >= Log.LEVEL_WARN) {
                    KRYONET.debug(text);
                } else {
                    KRYONET.trace(text);
                }
            }
        });
        Log.set(KRYONET.isTraceEnabled() ? Log.LEVEL_TRACE : KRYONET.isDebugEnabled() ? Log.LEVEL_DEBUG : Log.LEVEL_WARN);
    }
}
