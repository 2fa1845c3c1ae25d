package dev.unstuck.diagnosis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryFailureMessageTest {

    @Test
    void readsTheGroupOfTheClassicUnableToRetrieveMessage() {
        String message = "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server "
                + "APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request";
        assertThat(DiscoveryFailureMessage.failingGroupVersions(message)).containsExactly("metrics.k8s.io/v1beta1");
    }

    @Test
    void readsTheGroupOfTheNewerStaleDiscoveryMessage() {
        String message = "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server "
                + "APIs: stale GroupVersion discovery: metrics.k8s.io/v1beta1";
        assertThat(DiscoveryFailureMessage.failingGroupVersions(message)).containsExactly("metrics.k8s.io/v1beta1");
    }

    @Test
    void readsEveryGroupWhenSeveralAreJoinedWithCommas() {
        String message = "Discovery failed for some groups, 3 failing: unable to retrieve the complete list of server "
                + "APIs: custom.metrics.k8s.io/v1beta2: the server is currently unable to handle the request, "
                + "external.metrics.k8s.io/v1beta1: the server is currently unable to handle the request, "
                + "metrics.k8s.io/v1beta1: stale GroupVersion discovery: metrics.k8s.io/v1beta1";
        assertThat(DiscoveryFailureMessage.failingGroupVersions(message)).containsExactly(
                "custom.metrics.k8s.io/v1beta2", "external.metrics.k8s.io/v1beta1", "metrics.k8s.io/v1beta1");
    }

    @Test
    void readsTheGoMapFormatOfOlderControllers() {
        String message = "Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server "
                + "APIs: map[metrics.k8s.io/v1beta1:the server is currently unable to handle the request "
                + "webhook.cert-manager.io/v1alpha1:the server could not find the requested resource]";
        assertThat(DiscoveryFailureMessage.failingGroupVersions(message))
                .containsExactly("metrics.k8s.io/v1beta1", "webhook.cert-manager.io/v1alpha1");
    }

    @Test
    void ignoresGroupVersionsInsideUrls() {
        String message = "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server "
                + "APIs: metrics.k8s.io/v1beta1: Get \"https://172.16.1.12:4443/apis/custom.io/v1\": dial tcp: timeout";
        assertThat(DiscoveryFailureMessage.failingGroupVersions(message)).containsExactly("metrics.k8s.io/v1beta1");
    }

    @Test
    void findsNothingInMessagesWithoutAGroupVersion() {
        assertThat(DiscoveryFailureMessage.failingGroupVersions(null)).isEmpty();
        assertThat(DiscoveryFailureMessage.failingGroupVersions("")).isEmpty();
        assertThat(DiscoveryFailureMessage.failingGroupVersions("All resources successfully discovered")).isEmpty();
    }
}
