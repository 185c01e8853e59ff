package io.threadwire.distributed.internal.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The JDK's PKIX key manager, told to disregard the CAs a peer says it accepts: a node has one
 * key, and presents it. Left to itself, the JDK's would send no certificate at all to a peer
 * that names other CAs, and that peer could only log "empty certificate chain"; presented, the
 * certificate is refused by the peer with the reason ("does not chain to a CA this node
 * trusts"). The choice among key types (RSA, EC, …) is still the JDK's.
 */
final class PresentingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager jdk;

    PresentingKeyManager(X509ExtendedKeyManager jdk) {
        this.jdk = jdk;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return jdk.chooseEngineClientAlias(keyType, null, engine);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return jdk.chooseEngineServerAlias(keyType, null, engine);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return jdk.getClientAliases(keyType, null);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return jdk.chooseClientAlias(keyType, null, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return jdk.getServerAliases(keyType, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return jdk.chooseServerAlias(keyType, null, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return jdk.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return jdk.getPrivateKey(alias);
    }
}
