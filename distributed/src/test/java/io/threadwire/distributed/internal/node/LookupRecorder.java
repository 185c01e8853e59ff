package io.threadwire.distributed.internal.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * A DNS for the child JVM of {@link HostileLiteralClaimTest}: prints every name it is asked
 * ("lookup NAME") and answers none, so the test sees whether a claim was looked up.
 */
public final class LookupRecorder extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                System.out.println("lookup " + host);
                throw new UnknownHostException(host);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                throw new UnknownHostException();
            }
        };
    }

    @Override
    public String name() {
        return "threadwire test lookup recorder";
    }
}
