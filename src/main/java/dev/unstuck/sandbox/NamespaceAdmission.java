package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * What the API server does to a namespace any client creates: it gets the {@code kubernetes} finalizer, its name
 * label and phase Active, so that deleting it later leaves it Terminating until the namespace controller finalizes
 * it, exactly as the namespaces a scenario declares. The store also needs its own hold finalizer to keep a deleting
 * object; it is hidden from clients on the way out.
 */
final class NamespaceAdmission {
    private NamespaceAdmission() {
    }

    static RecordedRequest admit(RecordedRequest request) {
        String path = request.getPath();
        int q = path.indexOf('?');
        if (!"POST".equals(request.getMethod()) || !"/api/v1/namespaces".equals(q < 0 ? path : path.substring(0, q))) {
            return request;
        }
        Namespace ns;
        try {
            ns = Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
                    Namespace.class);
        } catch (RuntimeException e) {
            return request; // the store answers a malformed body as the API server would
        }
        if (ns == null || ns.getMetadata() == null || ns.getMetadata().getName() == null) {
            return request;
        }
        var meta = ns.getMetadata();
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        if (!finalizers.contains(SandboxDispatcher.HOLD_FINALIZER)) {
            finalizers.add(SandboxDispatcher.HOLD_FINALIZER);
        }
        meta.setFinalizers(finalizers);
        meta.setLabels(meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels()));
        meta.getLabels().put("kubernetes.io/metadata.name", meta.getName());
        NamespaceSpec spec = ns.getSpec() == null ? new NamespaceSpec() : ns.getSpec();
        List<String> specFinalizers = spec.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(spec.getFinalizers());
        if (!specFinalizers.contains("kubernetes")) {
            specFinalizers.add("kubernetes");
        }
        spec.setFinalizers(specFinalizers);
        ns.setSpec(spec);
        ns.setStatus(new NamespaceStatus(List.of(), "Active"));
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(Serialization.asJson(ns).getBytes(StandardCharsets.UTF_8)));
    }
}
