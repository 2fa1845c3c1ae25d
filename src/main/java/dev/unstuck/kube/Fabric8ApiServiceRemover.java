package dev.unstuck.kube;

import dev.unstuck.remediation.ApiServiceDeletion;
import dev.unstuck.remediation.ApiServiceRemover;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Objects;

/**
 * Deletes a leftover APIService through the Kubernetes API, and nothing else: only one served by a Service that is
 * absent right now, and only the very object that was checked (uid and resourceVersion preconditions, so that one
 * recreated or repaired between the check and the delete survives).
 */
public final class Fabric8ApiServiceRemover implements ApiServiceRemover {
    private static final String PATH = "/apis/apiregistration.k8s.io/v1/apiservices/";

    private final KubernetesClient client;

    public Fabric8ApiServiceRemover(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public ApiServiceDeletion deleteIfOrphaned(String name) {
        APIService api;
        ServiceReference service;
        boolean serviceExists;
        try {
            api = client.resources(APIService.class).withName(name).get();
            if (api == null) {
                return ApiServiceDeletion.alreadyGone("APIService " + name + " was already gone");
            }
            service = api.getSpec() == null ? null : api.getSpec().getService();
            if (service == null || service.getName() == null || service.getNamespace() == null) {
                return ApiServiceDeletion.refused("APIService " + name + " is local (no spec.service: the API server "
                        + "serves it itself); Unstuck never deletes it");
            }
            serviceExists = client.services().inNamespace(service.getNamespace()).withName(service.getName())
                    .get() != null;
        } catch (KubernetesClientException e) {
            return failure("could not check APIService " + name, e);
        }
        String backend = service.getNamespace() + "/" + service.getName();
        if (serviceExists) {
            // The plan was made when the Service was gone; it is back, so the extension was reinstalled.
            return ApiServiceDeletion.refused("the Service " + backend + " behind APIService " + name
                    + " exists again; not deleting it: diagnose again");
        }
        ObjectMeta meta = api.getMetadata();
        String uid = meta == null ? null : meta.getUid();
        String resourceVersion = meta == null ? null : meta.getResourceVersion();
        if (uid == null || resourceVersion == null) {
            return ApiServiceDeletion.refused("APIService " + name + " came without a uid or resourceVersion to "
                    + "delete it safely with; not deleting it");
        }
        try {
            client.raw(PATH + name, "DELETE", new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
                    .withNewPreconditions().withUid(uid).withResourceVersion(resourceVersion).endPreconditions()
                    .build());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return ApiServiceDeletion.alreadyGone("APIService " + name + " was already gone");
            }
            if (e.getCode() == 409) {
                return ApiServiceDeletion.refused("APIService " + name + " changed after it was checked, so it was not"
                        + " deleted: diagnose again (" + KubeReads.shortError(e) + ")");
            }
            return failure("could not delete APIService " + name, e);
        }
        return ApiServiceDeletion.deleted("deleted APIService " + name + " (uid " + uid + ", resourceVersion "
                + resourceVersion + "): its Service " + backend + " does not exist");
    }

    private static ApiServiceDeletion failure(String what, KubernetesClientException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            return ApiServiceDeletion.failed(what + ": " + KubeReads.shortError(e) + "; Unstuck's ServiceAccount needs "
                    + "the rules of deploy/rbac.yaml", false);
        }
        return ApiServiceDeletion.failed(what + ": " + KubeReads.shortError(e), true);
    }
}
