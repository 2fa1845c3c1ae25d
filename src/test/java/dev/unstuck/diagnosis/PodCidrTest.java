package dev.unstuck.diagnosis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodCidrTest {

    @Test
    void podIpsInsideAndOutsideTheNodeRange() {
        assertThat(PodCidr.contains("172.16.1.0/24", "172.16.1.12")).contains(true);
        assertThat(PodCidr.contains("172.16.1.0/24", "172.31.1.15")).contains(false);
        assertThat(PodCidr.contains("10.0.0.0/8", "10.255.3.4")).contains(true);
        assertThat(PodCidr.contains("fd00:10:244:1::/64", "fd00:10:244:1::5")).contains(true);
        assertThat(PodCidr.contains("fd00:10:244:1::/64", "fd00:10:244:2::5")).contains(false);
    }

    @Test
    void anythingThatIsNotALiteralIsUnknownAndNeverLookedUp() {
        assertThat(PodCidr.contains("172.16.1.0/24", "metrics-server.kube-system")).isEmpty();
        assertThat(PodCidr.contains("172.16.1.0", "172.16.1.12")).isEmpty();
        assertThat(PodCidr.contains("172.16.1.0/33", "172.16.1.12")).isEmpty();
        assertThat(PodCidr.contains("172.16.1.0/24", "fd00::1")).isEmpty();
        assertThat(PodCidr.contains(null, "172.16.1.12")).isEmpty();
        assertThat(PodCidr.contains("300.1.1.0/24", "300.1.1.2")).isEmpty();
    }
}
