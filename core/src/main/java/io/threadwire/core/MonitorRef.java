package io.threadwire.core;

/**
 * A monitor made by {@link Messaging#monitor}: pass it to {@link Messaging#demonitor} to
 * remove the monitor. Equal monitor references denote the same monitor.
 */
public final class MonitorRef {
    private final long id;
    private final ThreadRef target;
    final Object entry; // the engine's state for this monitor; see io.threadwire.core.internal.MonitorEntry

    MonitorRef(long id, ThreadRef target, Object entry) {
        this.id = id;
        this.target = target;
        this.entry = entry;
    }

    /** The monitored thread. */
    public ThreadRef target() {
        return target;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonitorRef other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "MonitorRef[" + id + " on " + target + "]";
    }
}
