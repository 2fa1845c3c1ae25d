package dev.unstuck.cloud.aliyun;

import com.aliyuncs.http.ProtocolType;
import dev.unstuck.cloud.CloudException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Signed requests and credentials never cross a network in clear text: a configured endpoint is spoken to over
 * HTTPS unless it is a loopback address (the sandbox on this machine).
 */
class EndpointProtocolTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "127.0.0.1:18080, HTTP",
            "127.3.4.5:80, HTTP",
            "localhost:18080, HTTP",
            "[::1]:18080, HTTP",
            "10.0.0.5:443, HTTPS",
            "192.0.2.10:18080, HTTPS",
            "vpc-gateway.internal.example:443, HTTPS",
            "127.example.internal:443, HTTPS",
            "localhost.example.internal:443, HTTPS"
    })
    void onlyLoopbackEndpointsAreSpokenToInPlainHttp(String endpoint, ProtocolType expected) {
        assertThat(AliyunVpcApi.protocolFor(endpoint)).isEqualTo(expected);
    }

    @Test
    void throughTheSdkANonLoopbackEndpointGetsATlsHandshake() throws Exception {
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has a non-loopback IPv4 address to listen on");
        assumeTrue(System.getenv("HTTPS_PROXY") == null && System.getenv("https_proxy") == null,
                "no HTTPS proxy between the SDK and the listener");
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(lan.get(), 0));
            CompletableFuture<byte[]> firstBytes = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    s.setSoTimeout(5_000);
                    return in.readNBytes(3);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AliyunVpcApi api = new AliyunVpcApi(new AliyunSettings("cn-hangzhou",
                    lan.get().getHostAddress() + ":" + listener.getLocalPort(), "LTAI5tProtocolKey01", "secret",
                    null, Duration.ofSeconds(2), Duration.ofSeconds(2)));

            assertThatThrownBy(() -> api.describeVpc("vpc-k8s")).isInstanceOf(CloudException.class);

            byte[] hello = firstBytes.get(10, TimeUnit.SECONDS);
            // A TLS record: content type 22 (handshake), protocol major version 3. Plain HTTP would start "POS".
            assertThat(hello[0]).isEqualTo((byte) 0x16);
            assertThat(hello[1]).isEqualTo((byte) 0x03);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
