package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.PeerObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The node's peers as a whole: which are up now, and the threads that hear of every peer that
 * comes up or is lost. Each event is delivered to every subscriber under one lock, in the order
 * the links report them, so a subscription's snapshot and the events after it fit together:
 * per peer, up and down alternate from the snapshot on.
 */
final class PeerEvents implements PeerObserver {
    private static final Comparator<PeerInfo> BY_ADDRESS = Comparator.comparing((PeerInfo p) -> p.address().toString())
            .thenComparingLong(PeerInfo::incarnation);

    /** One subscription: events go through {@code mapper} (null from it: not delivered) to {@code watcher}. */
    private final class Subscriber implements Registration {
        final LocalThread watcher;
        final Function<PeerEvent, Object> mapper;
        volatile Registration onWatcherExit;

        Subscriber(LocalThread watcher, Function<PeerEvent, Object> mapper) {
            this.watcher = watcher;
            this.mapper = mapper;
        }

        void deliver(PeerEvent event) {
            Object m = mapper.apply(event);
            if (m != null) {
                LocalThreads.deliver(watcher, m);
            }
        }

        @Override
        public boolean cancel() {
            Registration r = onWatcherExit;
            if (r != null) {
                r.cancel();
            }
            lock.lock();
            try {
                return subscribers.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }

    /** A subscription's peers up when it was made, and the way to end it. */
    record Subscription(List<PeerInfo> up, Registration registration) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<PeerLink, PeerInfo> up = new HashMap<>();          // guarded by lock
    private final List<Subscriber> subscribers = new ArrayList<>();      // guarded by lock
    private volatile List<PeerInfo> snapshot = List.of();                 // sorted by address; written under lock

    @Override
    public void up(PeerLink link, Channel channel) {
        PeerInfo info = PeerIdentity.of(link, channel);
        lock.lock();
        try {
            up.put(link, info);
            publish();
            for (Subscriber s : subscribers) {
                s.deliver(new PeerEvent.PeerUp(info));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void down(PeerLink link, Channel channel, String reason) {
        String goodbye = channel.remote().goodbyeReason();
        lock.lock();
        try {
            PeerInfo info = up.remove(link);
            if (info == null) {
                return;
            }
            publish();
            PeerEvent.PeerDown event = new PeerEvent.PeerDown(info, goodbye != null ? goodbye : reason, goodbye != null);
            for (Subscriber s : subscribers) {
                s.deliver(event);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The peers up now, sorted by address (a snapshot; never blocks). */
    List<PeerInfo> up() {
        return snapshot;
    }

    /**
     * {@code watcher} receives every later event, mapped by {@code mapper}, until cancelled or it
     * ends; the peers up now come back with the registration, atomically with it. Null if the
     * watcher has ended.
     */
    Subscription subscribe(LocalThread watcher, Function<PeerEvent, Object> mapper) {
        Subscriber s = new Subscriber(watcher, mapper);
        List<PeerInfo> now;
        lock.lock();
        try {
            subscribers.add(s);
            now = snapshot;
        } finally {
            lock.unlock();
        }
        Registration onExit = LocalThreads.onExit(watcher, (t, r) -> s.cancel());
        if (onExit == null) {
            s.cancel();
            return null;
        }
        s.onWatcherExit = onExit;
        return new Subscription(now, s);
    }

    private void publish() { // lock held
        List<PeerInfo> sorted = new ArrayList<>(up.values());
        sorted.sort(BY_ADDRESS);
        snapshot = List.copyOf(sorted);
    }
}
