package dev.unstuck.cli;

import io.temporal.authorization.AuthorizationTokenSupplier;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import picocli.CommandLine.Option;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

/**
 * How the CLI reaches the Temporal frontend the bot uses: address, namespace, and TLS as the production profile has it
 * (server TLS, mutual TLS, or a Temporal Cloud API key). Every option falls back to the environment variable the
 * Temporal CLI reads, so a shell set up for {@code temporal} works as is. The API key is never an option: a command
 * line is visible to every user of the machine.
 */
final class TemporalOptions {
    @Option(names = "--temporal", paramLabel = "HOST:PORT", description = "the Temporal frontend (default $TEMPORAL_ADDRESS)")
    String address;

    @Option(names = "--temporal-namespace", paramLabel = "NAME", description = "the Temporal namespace (default $TEMPORAL_NAMESPACE, else default)")
    String namespace;

    @Option(names = "--temporal-tls", description = "connect with TLS, trusting the system's CAs (default $TEMPORAL_TLS)")
    boolean tls;

    @Option(names = "--temporal-tls-ca", paramLabel = "FILE", description = "PEM CA certificate(s) to trust instead (default $TEMPORAL_TLS_CA); implies TLS")
    String caFile;

    @Option(names = "--temporal-tls-cert", paramLabel = "FILE", description = "PEM client certificate chain for mutual TLS (default $TEMPORAL_TLS_CERT); implies TLS")
    String certFile;

    @Option(names = "--temporal-tls-key", paramLabel = "FILE", description = "PKCS#8 PEM key of that certificate (default $TEMPORAL_TLS_KEY)")
    String keyFile;

    @Option(names = "--temporal-api-key-file", paramLabel = "FILE", description = "a file holding a Temporal Cloud API key (default: $TEMPORAL_API_KEY); implies TLS")
    String apiKeyFile;

    /** The address, checked: exit 2 when it is missing or not HOST:PORT. */
    String target(Map<String, String> env, String command) {
        String target = address != null ? address : env.get("TEMPORAL_ADDRESS");
        if (target == null || target.isBlank()) {
            throw new UsageException(command + " needs Temporal: pass --temporal HOST:PORT (or set TEMPORAL_ADDRESS)");
        }
        if (!target.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
            throw new UsageException("--temporal '" + target + "' is not HOST:PORT, e.g. temporal:7233");
        }
        return target;
    }

    String namespace(Map<String, String> env) {
        return namespace != null ? namespace : env.getOrDefault("TEMPORAL_NAMESPACE", "default");
    }

    /** The stubs' options for {@code target}; every file is read now, so a bad one is exit 2 before any call. */
    WorkflowServiceStubsOptions stubs(String target, Map<String, String> env) {
        String ca = orEnv(caFile, env, "TEMPORAL_TLS_CA");
        String cert = orEnv(certFile, env, "TEMPORAL_TLS_CERT");
        String key = orEnv(keyFile, env, "TEMPORAL_TLS_KEY");
        if ((cert == null) != (key == null)) {
            throw new UsageException(cert == null ? "--temporal-tls-key needs --temporal-tls-cert (mutual TLS takes both)"
                    : "--temporal-tls-cert needs --temporal-tls-key (mutual TLS takes both)");
        }
        String apiKey = apiKeyFile != null ? read(apiKeyFile, "--temporal-api-key-file").strip()
                : blankToNull(env.get("TEMPORAL_API_KEY"));
        if (apiKeyFile != null && apiKey.isEmpty()) {
            throw new UsageException("--temporal-api-key-file " + apiKeyFile + " is empty");
        }
        boolean useTls = tls || "true".equalsIgnoreCase(env.get("TEMPORAL_TLS")) || ca != null || cert != null
                || apiKey != null;
        WorkflowServiceStubsOptions.Builder b = WorkflowServiceStubsOptions.newBuilder().setTarget(target)
                .setRpcTimeout(Duration.ofSeconds(10));
        if (useTls) {
            b.setSslContext(sslContext(cert, key, ca));
        }
        if (apiKey != null) {
            AuthorizationTokenSupplier supplier = () -> apiKey;
            b.addApiKey(supplier);
        }
        return b.build();
    }

    /** Server TLS (the system's CAs, or {@code ca}), mutual when a certificate and key are given; files closed. */
    private static SslContext sslContext(String cert, String key, String ca) {
        try {
            if (cert != null) {
                try (InputStream certIn = stream(cert, "--temporal-tls-cert");
                     InputStream keyIn = stream(key, "--temporal-tls-key")) {
                    return withTrust(SimpleSslContextBuilder.forPKCS8(certIn, keyIn), ca).build();
                }
            }
            return withTrust(SimpleSslContextBuilder.noKeyOrCertChain(), ca).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("the TLS files for Temporal do not make a TLS context: "
                    + UnstuckCli.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static SimpleSslContextBuilder withTrust(SimpleSslContextBuilder ssl, String ca) {
        return ca == null ? ssl : ssl.setTrustManager(trusting(ca));
    }

    private static javax.net.ssl.TrustManager trusting(String caFile) {
        try (InputStream in = stream(caFile, "--temporal-tls-ca")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new UsageException("--temporal-tls-ca " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("--temporal-tls-ca " + caFile + " is not a PEM certificate: "
                    + UnstuckCli.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static InputStream stream(String file, String option) {
        try {
            return Files.newInputStream(Path.of(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    private static String read(String file, String option) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    private static String orEnv(String option, Map<String, String> env, String variable) {
        return option != null ? option : blankToNull(env.get(variable));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
