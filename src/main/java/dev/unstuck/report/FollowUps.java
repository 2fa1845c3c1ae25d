package dev.unstuck.report;

import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.chain.CloudControllerSettings;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.workflow.RemediationPhase;

import java.util.ArrayList;
import java.util.List;

import static dev.unstuck.report.Markdown.code;

/**
 * What is left to do after the run, from the structured record: the cause kinds, the recorded cloud-controller
 * settings, the outcome. Nothing is read back out of a sentence.
 */
final class FollowUps {
    private static final String CLOUD_CONFIG = "`Global.vpcid` in `cloud-config.conf` of ConfigMap "
            + "`kube-system/cloud-config`";

    private FollowUps() {
    }

    static List<String> of(RunRecord r) {
        List<String> items = new ArrayList<>();
        Diagnosis d = r.actedOn();
        RemediationPhase outcome = r.summary() == null ? null : r.summary().outcome();
        if (outcome != null && outcome != RemediationPhase.DONE && outcome != RemediationPhase.NOTHING_TO_DO) {
            items.add("Namespace " + code(r.namespace()) + " may still be stuck: the run ended " + outcome.name()
                    + " (" + r.summary().message() + ")");
        }
        if (d == null) {
            return items;
        }
        if (d.hasCause(CauseKind.ROUTE_CONTROLLER_FAILING)) {
            items.add(routeController(r, d));
        }
        if (d.hasCause(CauseKind.NODE_ROUTES_MISSING)) {
            items.add("Other nodes lack their VPC route too (NODE_ROUTES_MISSING): " + summary(d,
                    CauseKind.NODE_ROUTES_MISSING) + ". `unstuck diagnose " + r.namespace() + "` lists them in its "
                    + "audit plan; once the route controller works it restores them itself.");
        }
        for (Cause c : d.unresolved()) {
            items.add("A person must act on " + c.kind() + ": " + c.summary() + ".");
        }
        return items;
    }

    private static String routeController(RunRecord r, Diagnosis d) {
        CloudControllerSettings s = r.chains().stream().map(RunRecord.ChainAt::snapshot)
                .map(ChainSnapshot::cloudController).filter(c -> c != null).findFirst().orElse(null);
        String heal = " so that its route controller restores node routes by itself next time; it reads the file"
                + " when it starts, so restart the cloud-controller-manager pod after the change.";
        if (s != null && s.wrongVpc()) {
            return "Fix the cloud-controller-manager's VPC: set " + CLOUD_CONFIG + " to " + code(s.clusterVpcId())
                    + " (it is " + code(s.configuredVpcId()) + ", read from " + s.configSource() + ")" + heal;
        }
        if (s != null && s.configuredVpcId() != null) {
            return "Check the cloud-controller-manager's configuration: " + CLOUD_CONFIG + " is "
                    + code(s.configuredVpcId()) + (s.routeTableIds().isEmpty() ? "" : " and `Global.routeTableIDs` "
                    + code(String.join(",", s.routeTableIds()))) + " (" + s.configSource() + "), and its route"
                    + " controller was failing (ROUTE_CONTROLLER_FAILING above quotes its events and log)" + heal;
        }
        return "The cloud-controller-manager's route controller was failing, so it did not restore the route itself"
                + " (ROUTE_CONTROLLER_FAILING above quotes its events, its log and the VPC it is configured with):"
                + " correct " + CLOUD_CONFIG + " (and `Global.routeTableIDs` when it is set)" + heal;
    }

    private static String summary(Diagnosis d, CauseKind kind) {
        return d.causes().stream().filter(c -> c.kind() == kind).map(Cause::summary).findFirst().orElse("");
    }
}
