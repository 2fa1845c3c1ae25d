package dev.unstuck.diagnosis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderIdTest {

    @Test
    void parsesTheAlicloudSchemeForm() {
        assertThat(ProviderId.parse("alicloud://cn-hangzhou.i-v98dklsmnxkkgiiil7"))
                .contains(new ProviderId("cn-hangzhou", "i-v98dklsmnxkkgiiil7"));
    }

    @Test
    void parsesTheBareRegionDotInstanceForm() {
        assertThat(ProviderId.parse("cn-hangzhou.i-v98dklsmnxkkgiiil7"))
                .contains(new ProviderId("cn-hangzhou", "i-v98dklsmnxkkgiiil7"));
        assertThat(ProviderId.parse("ap-southeast-1.i-t4n0abc123"))
                .contains(new ProviderId("ap-southeast-1", "i-t4n0abc123"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "aws:///us-east-1a/i-0abc123",
            "gce://project/zone/instance",
            "cn-hangzhou",
            "alicloud://i-v98dklsmnxkkgiiil7",
            "alicloud://cn-hangzhou.",
            "kind://docker/kind/kind-control-plane"})
    void rejectsAnythingElse(String providerID) {
        assertThat(ProviderId.parse(providerID)).isEmpty();
    }
}
