package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/sandbox}: the simulated world as it is now, for the console's sandbox panel. Read through the
 * same Kubernetes API the bot uses, so the panel shows what the bot sees; 404 outside sandbox mode.
 */
@RestController
@ConditionalOnConsole
public class SandboxController {
    private final Sandbox sandbox;
    private final ClusterRegistry clusters;

    public SandboxController(ObjectProvider<Sandbox> sandbox, ClusterRegistry clusters) {
        this.sandbox = sandbox.getIfAvailable();
        this.clusters = clusters;
    }

    @GetMapping("/api/sandbox")
    public ResponseEntity<?> world() {
        if (sandbox == null) {
            return ConsoleController.notFound("not in sandbox mode: clusters are configured under unstuck.clusters");
        }
        KubernetesClient client = clusters.connection(sandbox.scenario().cluster().name()).client();
        List<Map<String, Object>> namespaces = client.namespaces().list().getItems().stream()
                .map(ns -> Map.<String, Object>of("name", ns.getMetadata().getName(), "phase",
                        ns.getMetadata().getDeletionTimestamp() != null ? "Terminating"
                                : ns.getStatus() == null || ns.getStatus().getPhase() == null ? "Active"
                                : ns.getStatus().getPhase()))
                .toList();
        // Only aggregated APIServices: the built-in ones are always Available and would bury the interesting one.
        List<Map<String, Object>> apiServices = client.resources(APIService.class).list().getItems().stream()
                .filter(a -> a.getSpec() != null && a.getSpec().getService() != null)
                .map(a -> {
                    var available = a.getStatus() == null ? null : a.getStatus().getConditions().stream()
                            .filter(c -> "Available".equals(c.getType())).findFirst().orElse(null);
                    return Map.<String, Object>of("name", a.getMetadata().getName(),
                            "available", available != null && "True".equals(available.getStatus()),
                            "reason", available == null || available.getReason() == null ? "" : available.getReason());
                })
                .toList();
        List<Map<String, Object>> routeTables = sandbox.vpc().server().routeTables().entrySet().stream()
                .map(t -> Map.<String, Object>of("id", t.getKey(), "entries", t.getValue().stream()
                        .map(SandboxController::entry).toList()))
                .toList();
        // The cloud-controller-manager's VPC id, for the panel's break / fix drill.
        String ccmVpc = sandbox.cloudControllerVpcId();
        Map<String, Object> ccm = ccmVpc == null ? Map.of() : Map.of("vpcId", ccmVpc,
                "healthy", ccmVpc.equals(sandbox.scenario().cluster().vpcId()));
        return ResponseEntity.ok(Map.of("scenario", sandbox.scenario().name(), "cluster",
                sandbox.scenario().cluster().name(), "namespaces", namespaces, "apiServices", apiServices,
                "routeTables", routeTables, "ccm", ccm));
    }

    private static Map<String, Object> entry(RouteEntry e) {
        return Map.of("id", e.routeEntryId(), "destination", e.destinationCidrBlock(),
                "nextHop", e.nextHopId() == null ? "" : e.nextHopId(),
                "status", e.status() == null ? "Unknown" : e.status().wireName(),
                "description", e.description() == null ? "" : e.description(),
                "custom", "Custom".equals(e.type()));
    }
}
