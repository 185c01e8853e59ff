package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.GroupEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What changed in this node's view of the groups since it was last published, and publishing
 * it in one go. Listing a group costs its size, so publishing once per peer message would let
 * a peer that sends many small changes to a large group cost this node that size each time;
 * instead the groups service publishes a batch: when it has handled the messages that were in
 * its mailbox when the first change of the batch came (a {@link Flush} it sends itself queues
 * behind them), and at once before a call of a local thread returns, so that a thread's own
 * join or leave is in the view it reads next. Monitors are told of each change after the view
 * that holds it is published, in the order of the changes. Owned by the groups service's
 * thread.
 */
final class ViewChanges {
    /** The groups service's note to itself: publish the changes of the batch now. */
    record Flush() {
    }

    private final GroupTable table;
    private final GroupViews views;
    private final GroupMonitors monitors;
    private final Set<String> changed = new LinkedHashSet<>();
    private final List<GroupEvent> events = new ArrayList<>();
    private LocalThread service;
    private boolean flushPosted;

    ViewChanges(GroupTable table, GroupViews views, GroupMonitors monitors) {
        this.table = table;
        this.views = views;
        this.monitors = monitors;
    }

    /** The service's thread, to which it posts its Flush notes. */
    void attach(LocalThread service) {
        this.service = service;
    }

    /** {@code threads} joined {@code group}: one entry per join. */
    void joined(String group, List<ThreadRef> threads) {
        change(group, threads.isEmpty() ? null : new GroupEvent.Joined(group, threads));
    }

    /** {@code threads} left {@code group}: one entry per join taken back. */
    void left(String group, List<ThreadRef> threads) {
        change(group, threads.isEmpty() ? null : new GroupEvent.Left(group, threads));
    }

    /** The batch's Flush came: publishes. */
    void flushDue() {
        flushPosted = false;
        publish();
    }

    /** Publishes every group changed since the last time, then tells the monitors. */
    void publish() {
        for (String g : changed) {
            views.publish(g, table.members(g), table.local.members(g));
        }
        changed.clear();
        for (GroupEvent e : events) {
            monitors.tell(e);
        }
        events.clear();
    }

    private void change(String group, GroupEvent event) {
        changed.add(group);
        if (event != null && monitors.watches(group)) {
            events.add(event);
        }
        if (!flushPosted) {
            flushPosted = LocalThreads.deliver(service, new Flush());
        }
    }
}
