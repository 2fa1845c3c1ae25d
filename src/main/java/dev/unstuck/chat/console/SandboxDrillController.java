package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Optional;

/**
 * Drills on the sandbox while the bot runs, so people can watch Unstuck notice: delete a route entry (as someone in
 * the cloud console would), delete a namespace (through the cluster's API, as kubectl would), break or fix the
 * cloud-controller-manager's VPC id. Refused with 404 outside sandbox mode, like {@code GET /api/sandbox}.
 */
@RestController
@ConditionalOnConsole
@RequestMapping("/api/sandbox")
public class SandboxDrillController {
    private static final Logger log = LoggerFactory.getLogger(SandboxDrillController.class);

    private final Sandbox sandbox;
    private final ClusterRegistry clusters;
    private final ConsoleController console;

    public SandboxDrillController(ObjectProvider<Sandbox> sandbox, ClusterRegistry clusters,
                                  ConsoleController console) {
        this.sandbox = sandbox.getIfAvailable();
        this.clusters = clusters;
        this.console = console;
    }

    @PostMapping("/delete-route")
    public ResponseEntity<?> deleteRoute(@RequestBody SandboxDrillRequest body) {
        if (sandbox == null) {
            return notSandbox();
        }
        ConsoleIdentity who = console.identity(require(body).user());
        if (blank(body.routeTableId()) || blank(body.destination())) {
            throw new ConsoleInputException("say which entry: routeTableId and destination, e.g."
                    + " {\"routeTableId\":\"vtb-hz001\",\"destination\":\"172.16.1.0/24\"}");
        }
        Optional<RouteEntry> deleted;
        try {
            deleted = sandbox.deleteRouteEntry(body.routeTableId().strip(), body.destination().strip());
        } catch (IllegalArgumentException e) {
            throw new ConsoleInputException(e.getMessage());
        }
        if (deleted.isEmpty()) {
            throw new ConsoleInputException("route table " + printable(body.routeTableId()) + " holds no custom entry"
                    + " for " + printable(body.destination()));
        }
        return done(who, "deleted route entry " + deleted.get().destinationCidrBlock() + " -> "
                + deleted.get().nextHopId() + " from " + deleted.get().routeTableId());
    }

    @PostMapping("/delete-namespace")
    public ResponseEntity<?> deleteNamespace(@RequestBody SandboxDrillRequest body) {
        if (sandbox == null) {
            return notSandbox();
        }
        ConsoleIdentity who = console.identity(require(body).user());
        String name = body.namespace() == null ? "" : body.namespace().strip();
        NamespaceName.problem(name).ifPresent(p -> {
            throw new ConsoleInputException(p);
        });
        KubernetesClient client = clusters.connection(sandbox.scenario().cluster().name()).client();
        try {
            if (client.namespaces().withName(name).get() == null) {
                throw new ConsoleInputException("namespace " + name + " does not exist");
            }
            client.namespaces().withName(name).delete();
        } catch (KubernetesClientException e) {
            throw new ConsoleInputException("the cluster refused to delete namespace " + name + ": "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage()));
        }
        return done(who, "deleted namespace " + name);
    }

    @PostMapping("/break-ccm")
    public ResponseEntity<?> breakCloudController(@RequestBody SandboxDrillRequest body) {
        if (sandbox == null) {
            return notSandbox();
        }
        ConsoleIdentity who = console.identity(require(body).user());
        return restart(who, true);
    }

    @PostMapping("/fix-ccm")
    public ResponseEntity<?> fixCloudController(@RequestBody SandboxDrillRequest body) {
        if (sandbox == null) {
            return notSandbox();
        }
        ConsoleIdentity who = console.identity(require(body).user());
        return restart(who, false);
    }

    private ResponseEntity<?> restart(ConsoleIdentity who, boolean broken) {
        String vpcId;
        try {
            vpcId = broken ? sandbox.breakCloudController() : sandbox.fixCloudController();
        } catch (IllegalStateException e) {
            throw new ConsoleInputException(e.getMessage());
        }
        return done(who, "restarted the cloud-controller-manager with VPC id " + vpcId + (broken
                ? ", which does not exist: it restores no route" : ", the cluster's own: it restores missing routes"));
    }

    private ResponseEntity<?> done(ConsoleIdentity who, String what) {
        log.info("sandbox drill by {}: {}", who.name(), what);
        return ResponseEntity.ok(Map.of("done", what));
    }

    private static SandboxDrillRequest require(SandboxDrillRequest body) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object (with user when nobody signs in)");
        }
        return body;
    }

    private static ResponseEntity<?> notSandbox() {
        return ConsoleController.notFound("not in sandbox mode: clusters are configured under unstuck.clusters");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String printable(String s) {
        return ConsoleController.printable(s);
    }
}
