package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread's life as others see it: alive until it ends, once, with a reason; and the hooks that
 * run then (monitors, links, names), each exactly once, or never if it was cancelled first. A
 * hook added after the end is refused, so that its owner can report {@code noproc}.
 * {@link ThreadState} is built on it.
 */
abstract class ThreadLife {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadLife.class);
    private static final VarHandle EXIT_REASON, EXIT_HOOKS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            EXIT_REASON = lookup.findVarHandle(ThreadLife.class, "exitReason", ExitReason.class);
            EXIT_HOOKS = lookup.findVarHandle(ThreadLife.class, "exitHooks", ExitHooks.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through EXIT_REASON
    private volatile ExitReason exitReason; // null while alive
    @SuppressWarnings("unused") // written through EXIT_HOOKS
    private volatile ExitHooks exitHooks;   // made at the first hook; ExitHooks.ENDED once ended

    public final boolean isAlive() {
        return exitReason == null;
    }

    /** The reason it ended, or null while it runs. */
    public final ExitReason exitReason() {
        return exitReason;
    }

    /**
     * Runs {@code hook} when this thread ends. Returns null, and never runs the hook, if the
     * thread has already ended.
     */
    public final Registration onExit(ExitHook hook) {
        ExitHooks hooks = exitHooks;
        if (hooks == null) {
            ExitHooks made = new ExitHooks();
            hooks = EXIT_HOOKS.compareAndSet(this, (ExitHooks) null, made) ? made : exitHooks;
        }
        return hooks.add(hook); // refused if the end took the hooks first
    }

    /** Exit hooks the thread holds now (for tests: a hook that outlives its purpose is a leak). */
    final int exitHookCount() {
        ExitHooks hooks = exitHooks;
        return hooks == null ? 0 : hooks.size();
    }

    /**
     * Records {@code reason} and runs every hook with {@code ref}, on the calling thread; once.
     * False, and nothing done, if the thread had ended already.
     */
    final boolean end(ExitReason reason, LocalThread ref) {
        if (!EXIT_REASON.compareAndSet(this, (ExitReason) null, reason)) {
            return false;
        }
        ended(reason);
        ExitHooks hooks = (ExitHooks) EXIT_HOOKS.getAndSet(this, ExitHooks.ENDED);
        if (hooks != null) {
            for (ExitHook h : hooks.close()) {
                try {
                    h.exited(ref, reason);
                } catch (RuntimeException | Error e) {
                    LOG.error("an exit hook of {} failed", ref, e);
                }
            }
        }
        return true;
    }

    /** Runs once the reason is recorded, before the hooks: what must see the end first. */
    abstract void ended(ExitReason reason);
}
