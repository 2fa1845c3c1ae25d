package dev.unstuck.workflow;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Button ids: opaque, URL-safe, within Discord's 100 characters, and read back exactly. */
class RemediationIdsTest {
    private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final String RUN = RemediationIds.runTag("0196a3f2-7c1e-7d4b-9a55-3f0c2e1d9b77");

    @Test
    void givenTheSeedIncident_theButtonsReadBackAsTheyWereDrawn() {
        String wf = RemediationIds.workflowId("dev-cluster", "dev");
        assertThat(RemediationIds.parseButton(RemediationIds.approveButton(wf, RUN, "62d22e3e9973")))
                .contains(new ButtonClick(ButtonClick.Action.APPROVE, wf, RUN, "62d22e3e9973"));
        assertThat(RemediationIds.parseButton(RemediationIds.rejectButton(wf, RUN, "62d22e3e9973")))
                .contains(new ButtonClick(ButtonClick.Action.REJECT, wf, RUN, "62d22e3e9973"));
        assertThat(RemediationIds.parseButton(RemediationIds.detailsButton(wf)))
                .contains(new ButtonClick(ButtonClick.Action.DETAILS, wf, null, null));
    }

    @Test
    void givenTheLongestAliasAndNamespace_theIdsStayUrlSafeAndWithinDiscordsLimit() {
        String alias = "prod.cn-hangzhou.payments-platform-" + "x".repeat(40);
        String namespace = "n".repeat(63);
        String wf = RemediationIds.workflowId(alias, namespace);
        for (String id : new String[]{RemediationIds.approveButton(wf, RUN, "0123456789ab"),
                RemediationIds.rejectButton(wf, RUN, "0123456789ab"), RemediationIds.detailsButton(wf),
                RemediationIds.approveButton("unstuck/dev-cluster/dev", RUN, "0123456789ab")}) {
            assertThat(id).hasSizeLessThanOrEqualTo(RemediationIds.MAX_BUTTON_ID).matches(UNRESERVED);
            assertThat(RemediationIds.parseButton(id)).get().extracting(ButtonClick::workflowId).isEqualTo(
                    id.endsWith("_dev") ? "unstuck/dev-cluster/dev" : wf);
        }
    }

    @Test
    void givenAnIdStartedByHand_itTravelsInBase64AndStillReadsBack() {
        String id = RemediationIds.approveButton("drill/Payments Q3", RUN, "0123456789ab");
        assertThat(id).matches(UNRESERVED);
        assertThat(RemediationIds.parseButton(id)).get().extracting(ButtonClick::workflowId)
                .isEqualTo("drill/Payments Q3");
    }

    @Test
    void givenForgedOrOldIds_nothingIsReadBack() {
        String wf = "unstuck/dev-cluster/dev";
        for (String forged : new String[]{null, "", "a", "approve|unstuck/dev-cluster/dev|62d22e3e9973",
                "details|unstuck/dev-cluster/dev", "x." + RUN + ".62d22e3e9973.udev-cluster_dev",
                "a." + RUN + ".62d22e3e9973", "a.zzzzzzzzzz.62d22e3e9973.udev-cluster_dev",
                "a." + RUN + ".62D22E3E9973.udev-cluster_dev", "a." + RUN + ".62d22e3e9973.q" + wf,
                "a." + RUN + ".62d22e3e9973.b!!!", "d.", "d.u", "a." + RUN + ".62d22e3e9973.u" + "x".repeat(90)}) {
            assertThat(RemediationIds.parseButton(forged)).as(String.valueOf(forged)).isEmpty();
        }
    }
}
