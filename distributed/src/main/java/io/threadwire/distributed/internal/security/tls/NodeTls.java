package io.threadwire.distributed.internal.security.tls;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's TLS: the JDK's {@link SSLContext} made from its files ({@link TlsContexts}), the
 * {@link SSLEngine} of each new connection, and the node's TLS warnings.
 *
 * <p>Rotation. Before it makes an engine, at most once a second, it reads the files again; if
 * any changed, it makes a new context from them, which every later connection uses (those up
 * keep theirs, as TLS sessions do). A change that cannot be used (a half-copied file, a key that
 * does not match its certificate) is logged at ERROR with the file and the reason, once, and
 * the node keeps the context it had. Thread-safe; engines are made on channels' reader threads,
 * never on KryoNet's network thread (reading files blocks).
 */
public final class NodeTls {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The kinds of TLS trouble a peer can cause, each logged at most once every ten seconds. */
    enum Trouble { EXPIRED, UNKNOWN_CA, BAD_CERTIFICATE, NAME_MISMATCH, REFUSED_BY_PEER, HANDSHAKE, NOT_TLS }

    private final TlsConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Trouble, RateLimitedWarning> warnings = new EnumMap<>(Trouble.class);
    private volatile SSLContext context;
    private TlsMaterial material;          // under lock: what the context was made from
    private Map<Path, byte[]> refused;     // under lock: files a reload failed on, not tried again until they change
    private long nextCheck;                // under lock

    private NodeTls(TlsConfig config, TlsMaterial material, SSLContext context) {
        this.config = config;
        this.material = material;
        this.context = context;
        this.nextCheck = System.nanoTime() + RECHECK_NANOS;
        for (Trouble t : Trouble.values()) {
            warnings.put(t, new RateLimitedWarning(TlsSession.LOG));
        }
    }

    /**
     * The TLS of a node configured with {@code configured}, else with the directory the
     * environment variable {@value TlsConfig#DIRECTORY_VARIABLE} names; null if neither says to use TLS.
     *
     * @throws ThreadwireException naming the file and the reason, if the files cannot be used
     */
    public static NodeTls start(TlsConfig configured) {
        TlsConfig c = configured;
        if (c == null) {
            String dir = System.getenv(TlsConfig.DIRECTORY_VARIABLE);
            if (dir == null || dir.isBlank()) {
                return null;
            }
            try {
                c = TlsConfig.directory(Path.of(dir.strip()));
            } catch (IllegalArgumentException e) {
                throw new ThreadwireException(TlsConfig.DIRECTORY_VARIABLE + ": " + e.getMessage(), e);
            }
        }
        TlsMaterial m = TlsMaterial.read(c);
        NodeTls tls = new NodeTls(c, m, TlsContexts.of(c, m));
        LOG.info("TLS 1.3 on: this node is {}, trusting {} ({})", Certificates.describe(m.chain().get(0)),
                m.trusted().size() == 1 ? Certificates.subject(m.trusted().get(0)) : m.trusted().size() + " certificates",
                c.trustedCertificates());
        return tls;
    }

    /**
     * Warns if this node's certificate does not name it as it will claim to be (at
     * {@code address}, called {@code name}): every other node would refuse it.
     */
    public void checkOwnNames(io.threadwire.core.NodeAddress address, String name) {
        lock.lock();
        try {
            String mismatch = CertificateNames.mismatch(material.chain().get(0), address, name);
            if (mismatch != null) {
                LOG.warn("every other node will refuse this node's TLS certificate in {}: {}",
                        TlsMaterial.certificateFile(config), mismatch);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The configuration its files come from. */
    public TlsConfig config() {
        return config;
    }

    /** A new engine for one connection, from the files as they are now (see the class comment). */
    SSLEngine engine(boolean client) {
        reloadIfChanged();
        SSLEngine e = context.createSSLEngine(); // no peer host: no session resumption, every connection checks certificates afresh
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        if (!client) {
            p.setNeedClientAuth(true);
        }
        e.setSSLParameters(p);
        return e;
    }

    /** Reads the files again if a second has passed since the last look; a new context if they changed. */
    void reloadIfChanged() {
        if (!lock.tryLock()) {
            return; // another connection is looking: this one uses the context as it is
        }
        try {
            long now = System.nanoTime();
            if (now - nextCheck < 0) {
                return;
            }
            nextCheck = now + RECHECK_NANOS;
            Map<Path, byte[]> current = material.reread();
            if (material.unchanged(current) || refused != null && TlsMaterial.sameFiles(refused, current)) {
                return;
            }
            try {
                TlsMaterial fresh = TlsMaterial.read(config);
                SSLContext made = TlsContexts.of(config, fresh);
                material = fresh;
                context = made;
                refused = null;
                LOG.info("TLS files changed: new connections use {}, trusting {}", Certificates.describe(
                        fresh.chain().get(0)), config.trustedCertificates());
            } catch (ThreadwireException | IllegalStateException e) {
                refused = current;
                LOG.error("TLS files changed but cannot be used, so this node keeps the ones it had: {}", e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logs a TLS refusal at WARN, at most once every ten seconds for each kind of trouble. */
    void warn(Trouble kind, String format, Object... args) {
        warnings.get(kind).warn(format, args);
    }
}
