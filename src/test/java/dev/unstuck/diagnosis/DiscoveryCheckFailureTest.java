package dev.unstuck.diagnosis;

import dev.unstuck.diagnosis.DiscoveryCheckFailure.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** kube-aggregator's FailedDiscoveryCheck messages, as its availability controller formats them. */
class DiscoveryCheckFailureTest {

    static final String URL = "https://172.31.1.15:4443/apis/metrics.k8s.io/v1beta1";

    @Test
    @DisplayName("a client timeout while awaiting headers never reached the pod: the route is a suspect, and the URL "
            + "names 172.16.1.12 on 4443")
    void clientTimeout() {
        DiscoveryCheckFailure f = DiscoveryCheckFailure.classify("failing or missing response from "
                + "https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: Get \"https://172.16.1.12:4443/apis/metrics"
                + ".k8s.io/v1beta1\": net/http: request canceled while waiting for connection (Client.Timeout "
                + "exceeded while awaiting headers)");

        assertThat(f.outcome()).isEqualTo(Outcome.NETWORK_NEVER_REACHED_POD);
        assertThat(f.url()).isEqualTo("https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1");
        assertThat(f.host()).isEqualTo("172.16.1.12");
        assertThat(f.port()).isEqualTo(4443);
        assertThat(f.answer()).isEqualTo("Client.Timeout exceeded");
        assertThat(f.routeIsSuspect()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "failing or missing response from " + URL + ": Get \"" + URL + "\": dial tcp 172.31.1.15:4443: i/o timeout",
            "failing or missing response from " + URL + ": Get \"" + URL + "\": context deadline exceeded",
            "failing or missing response from " + URL + ": Get \"" + URL + "\": dial tcp 172.31.1.15:4443: connect: "
                    + "no route to host",
            "failing or missing response from " + URL + ": Get \"" + URL + "\": dial tcp 172.31.1.15:4443: connect: "
                    + "network is unreachable",
            "timed out waiting for " + URL,
            "no response from " + URL + ": Get " + URL + ": dial tcp 172.31.1.15:4443: i/o timeout"})
    @DisplayName("timeouts, unreachable networks and the older 'no response from' wording all mean the network never "
            + "reached the pod")
    void neverReached(String message) {
        DiscoveryCheckFailure f = DiscoveryCheckFailure.classify(message);

        assertThat(f.outcome()).isEqualTo(Outcome.NETWORK_NEVER_REACHED_POD);
        assertThat(f.host()).isEqualTo("172.31.1.15");
        assertThat(f.port()).isEqualTo(4443);
    }

    @Test
    @DisplayName("a refused connection proves the pod answered: '172.31.1.15 refused the connection on 4443'")
    void refused() {
        DiscoveryCheckFailure f = DiscoveryCheckFailure.classify("failing or missing response from " + URL + ": Get \""
                + URL + "\": dial tcp 172.31.1.15:4443: connect: connection refused");

        assertThat(f.outcome()).isEqualTo(Outcome.POD_ANSWERED);
        assertThat(f.host() + " " + f.answer()).isEqualTo("172.31.1.15 refused the connection on 4443");
        assertThat(f.routeIsSuspect()).isFalse();
    }

    @Test
    @DisplayName("a bad status, bare or wrapped in 'failing or missing response', is an answer with that HTTP code")
    void badStatus() {
        DiscoveryCheckFailure wrapped = DiscoveryCheckFailure.classify("failing or missing response from " + URL
                + ": bad status from " + URL + ": 503");
        DiscoveryCheckFailure bare = DiscoveryCheckFailure.classify("bad status from " + URL + ": 403");

        assertThat(wrapped.outcome()).isEqualTo(Outcome.POD_ANSWERED);
        assertThat(wrapped.answer()).isEqualTo("answered with HTTP status 503");
        assertThat(wrapped.host()).isEqualTo("172.31.1.15");
        assertThat(bare.answer()).isEqualTo("answered with HTTP status 403");
    }

    @Test
    @DisplayName("x509 and tls errors and an EOF after connect are answers: the network carried the request")
    void tlsAndEof() {
        DiscoveryCheckFailure x509 = DiscoveryCheckFailure.classify("failing or missing response from " + URL
                + ": Get \"" + URL + "\": x509: certificate signed by unknown authority");
        DiscoveryCheckFailure tls = DiscoveryCheckFailure.classify("failing or missing response from " + URL
                + ": Get \"" + URL + "\": remote error: tls: bad certificate");
        DiscoveryCheckFailure eof = DiscoveryCheckFailure.classify("failing or missing response from " + URL
                + ": Get \"" + URL + "\": EOF");

        assertThat(x509.outcome()).isEqualTo(Outcome.POD_ANSWERED);
        assertThat(x509.answer()).contains("x509: certificate signed by unknown authority");
        assertThat(tls.outcome()).isEqualTo(Outcome.POD_ANSWERED);
        assertThat(tls.answer()).contains("tls: bad certificate");
        assertThat(eof.outcome()).isEqualTo(Outcome.POD_ANSWERED);
        assertThat(eof.answer()).contains("EOF");
    }

    @Test
    @DisplayName("an error Unstuck does not know is unclassified, and the route stays a suspect")
    void unclassified() {
        DiscoveryCheckFailure f = DiscoveryCheckFailure.classify("failing or missing response from " + URL
                + ": something new went wrong");
        DiscoveryCheckFailure empty = DiscoveryCheckFailure.classify(null);

        assertThat(f.outcome()).isEqualTo(Outcome.UNCLASSIFIED);
        assertThat(f.host()).isEqualTo("172.31.1.15");
        assertThat(f.routeIsSuspect()).isTrue();
        assertThat(empty.outcome()).isEqualTo(Outcome.UNCLASSIFIED);
        assertThat(empty.host()).isNull();
    }

    @Test
    @DisplayName("an IPv6 backend URL yields the bare address")
    void ipv6() {
        DiscoveryCheckFailure f = DiscoveryCheckFailure.classify("failing or missing response from "
                + "https://[fd00:10:244::5]:4443/apis/metrics.k8s.io/v1beta1: context deadline exceeded");

        assertThat(f.host()).isEqualTo("fd00:10:244::5");
        assertThat(f.port()).isEqualTo(4443);
    }
}
