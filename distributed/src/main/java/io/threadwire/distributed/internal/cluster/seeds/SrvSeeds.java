package io.threadwire.distributed.internal.cluster.seeds;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.SeedProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Seeds from the SRV records (RFC 2782) of one name, through the JDK's JNDI DNS provider: each
 * record's target and port, in priority order, heaviest first within a priority (every target
 * is contacted, so RFC 2782's weighted random order is not needed). One record type per query
 * (JNDI turns several into an ANY query, which servers answer minimally). A name not found is
 * an empty round.
 */
public final class SrvSeeds implements SeedProvider {
    /** A record as RFC 2782 writes it: {@code priority weight port target}. */
    record Srv(int priority, int weight, int port, String target) {
    }

    private static final Comparator<Srv> ORDER = Comparator.comparingInt(Srv::priority)
            .thenComparing(Comparator.comparingInt(Srv::weight).reversed());
    /** Enough for any real service; a server that answers with more is cut short. */
    private static final int MAX_RECORDS = 1_024;

    private final String name;
    private final URI server; // null: the system's name servers

    public SrvSeeds(String name, URI server) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the SRV name is blank: give one such as _threadwire._tcp.app.ns.svc.cluster.local");
        }
        if (server != null && !"dns".equalsIgnoreCase(server.getScheme())) {
            throw new IllegalArgumentException("the DNS server must be a dns: URI such as dns://127.0.0.1:8600, not " + server);
        }
        this.name = name.strip();
        this.server = server;
    }

    @Override
    public List<NodeAddress> seeds() throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, server == null ? "dns:" : server.toString());
        env.put("com.sun.jndi.dns.timeout.initial", "1000"); // ms, doubling per retry: bounded at about 7 s
        env.put("com.sun.jndi.dns.timeout.retries", "3");
        DirContext context = new InitialDirContext(env);
        try {
            Attributes attributes = context.getAttributes(name, new String[] {"SRV"});
            Attribute srv = attributes.get("SRV");
            if (srv == null) {
                return List.of();
            }
            List<Srv> records = new ArrayList<>();
            NamingEnumeration<?> values = srv.getAll();
            while (values.hasMore() && records.size() < MAX_RECORDS) {
                Srv r = parse(String.valueOf(values.next()));
                if (r != null) {
                    records.add(r);
                }
            }
            records.sort(ORDER);
            LinkedHashSet<NodeAddress> seeds = new LinkedHashSet<>();
            for (Srv r : records) {
                seeds.add(new NodeAddress(r.target(), r.port()));
            }
            return List.copyOf(seeds);
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            context.close();
        }
    }

    /** One record's text, or null if it is not a usable SRV record (a "." target means: no service). */
    static Srv parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 4) {
            return null;
        }
        try {
            int priority = Integer.parseInt(parts[0]);
            int weight = Integer.parseInt(parts[1]);
            int port = Integer.parseInt(parts[2]);
            String target = parts[3].endsWith(".") ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
            if (target.isEmpty() || port < 1 || port > 65_535) {
                return null;
            }
            return new Srv(priority, weight, port, target);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "dnsSrv(" + name + (server == null ? "" : ", " + server) + ")";
    }
}
