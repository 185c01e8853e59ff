package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;

/**
 * Run by {@link HostileLiteralClaimTest} in a child JVM whose DNS is {@link LookupRecorder}:
 * asks DNS for a control name (so the recorder is seen working), then checks each claimed host
 * of its arguments as an accepted peer's claim and against a TLS certificate, printing what it
 * decided; the recorder prints any name these checks looked up.
 */
public final class LiteralClaimProbe {
    private LiteralClaimProbe() {
    }

    public static void main(String[] hosts) throws Exception {
        try {
            InetAddress.getByName("control.invalid");
        } catch (UnknownHostException expected) {
            // the recorder printed it
        }
        Method mismatch = Class.forName("io.threadwire.distributed.internal.security.tls.CertificateNames")
                .getDeclaredMethod("mismatch", X509Certificate.class, NodeAddress.class, String.class);
        mismatch.setAccessible(true);
        for (String host : hosts) {
            NodeAddress claimed = new NodeAddress(host, 9000);
            System.out.println("claim " + host + ": " + IdentityCheck.acceptedProblem(claimed, claimed,
                    InetAddress.getLoopbackAddress()));
            try {
                // no certificate: a claim that is not a usable literal is refused before one is read
                mismatch.invoke(null, null, claimed, "");
            } catch (ReflectiveOperationException | RuntimeException refused) {
                // only the lookups matter here
            }
        }
        System.out.println("done");
    }
}
