package dev.unstuck.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert and button ids: URL-safe, within Discord's 100 characters, never mistaken for a remediation's. */
class AlertIdsTest {

    @Test
    void aStartButtonOfProdsThirdIncidentReadsBackAsWhatItSays() {
        String id = AlertIds.button(AlertIds.Action.START_REMEDIATION, "prod.hz-1", "0a1b2c3d", 3);
        assertThat(id).isEqualTo("ws.0a1b2c3d.3.prod.hz-1").matches("[A-Za-z0-9._~-]+");
        assertThat(AlertIds.isAlertButton(id)).isTrue();
        assertThat(dev.unstuck.workflow.RemediationIds.parseButton(id)).as("no remediation takes it").isEmpty();
        assertThat(AlertIds.parseButton(id)).hasValueSatisfying(b -> {
            assertThat(b.action()).isEqualTo(AlertIds.Action.START_REMEDIATION);
            assertThat(b.cluster()).isEqualTo("prod.hz-1");
            assertThat(b.number()).isEqualTo(3);
            assertThat(b.alertId()).isEqualTo("prod.hz-1~0a1b2c3d.3");
        });
        assertThat(AlertIds.parseAlert("prod.hz-1~0a1b2c3d.3")).hasValueSatisfying(a ->
                assertThat(a.cluster()).isEqualTo("prod.hz-1"));
    }

    @Test
    void theLongestAliasStillFitsDiscordsHundredCharacters_andALongerOneIsRefused() {
        String alias = "a".repeat(AlertIds.maxAliasLength());
        assertThat(AlertIds.button(AlertIds.Action.OPEN_REPAIR_PLAN, alias, "0a1b2c3d", 999_999_999)).hasSize(100);
        assertThatThrownBy(() -> AlertIds.button(AlertIds.Action.OPEN_REPAIR_PLAN, alias + "b", "0a1b2c3d",
                999_999_999)).hasMessageContaining("too long for an alert button");
    }

    @Test
    void forgedOrMangledIdsAreNotAlertButtons() {
        for (String forged : new String[]{"ws.0a1b2c3d.0.prod", "ws.0A1B2C3D.1.prod", "ws.0a1b2c3d.1.Prod",
                "wx.0a1b2c3d.1.prod", "ws.0a1b2c3d.1.", "ws.0a1b2c3d.01.prod", "ws.0a1b2c3.1.prod",
                "ws.0a1b2c3d.1.prod/x", "a.0123456789.0123456789ab.udev-cluster_dev", "", "ws." + "a".repeat(98)}) {
            assertThat(AlertIds.parseButton(forged)).as(forged).isEmpty();
        }
        assertThat(AlertIds.parseAlert("prod~0a1b2c3d")).isEmpty();
        assertThat(AlertIds.parseAlert("Prod~0a1b2c3d.1")).isEmpty();
    }
}
