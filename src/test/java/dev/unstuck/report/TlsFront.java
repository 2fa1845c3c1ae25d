package dev.unstuck.report;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS frontend before a plaintext Temporal server, as a load balancer or Temporal's own TLS listener puts one: it
 * holds the server's certificate, offers HTTP/2 by ALPN as gRPC requires, optionally demands a client certificate
 * signed by a given CA, and passes the decrypted bytes on unchanged.
 */
final class TlsFront implements AutoCloseable {
    private final SSLServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param clientCa PEM CA that client certificates must chain to (mutual TLS), or null for server TLS only
     */
    TlsFront(Path serverCert, Path serverKey, Path clientCa, int upstreamPort) throws IOException,
            GeneralSecurityException {
        this.upstreamPort = upstreamPort;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", privateKey(serverKey), new char[0], certificates(serverCert).toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = null;
        if (clientCa != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(clientCa)) {
                trust.setCertificateEntry("client-ca-" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        listener = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        SSLParameters params = listener.getSSLParameters();
        params.setApplicationProtocols(new String[]{"h2"});
        params.setNeedClientAuth(clientCa != null);
        listener.setSSLParameters(params);
        Thread accept = new Thread(this::accept, "tls-front-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections whose TLS handshake completed. */
    int handshakes() {
        return handshakes.get();
    }

    /** Connections whose TLS handshake this frontend refused or that broke off during it. */
    int refused() {
        return refused.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) listener.accept();
                Thread t = new Thread(() -> serve(client), "tls-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket client) {
        try {
            client.startHandshake();
        } catch (IOException e) {
            refused.incrementAndGet();
            closeQuietly(client);
            return;
        }
        handshakes.incrementAndGet();
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            synchronized (open) {
                open.add(client);
                open.add(upstream);
            }
            Thread back = new Thread(() -> pump(upstream, client), "tls-front-down");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies until either side ends; then closes both, since TLS sockets cannot be half-closed. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // The other direction's close ends this one; nothing to report.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String body = Files.readString(pem).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (open) {
            open.forEach(TlsFront::closeQuietly);
        }
    }
}
