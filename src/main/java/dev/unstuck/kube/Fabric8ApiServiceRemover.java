package dev.unstuck.kube;

import dev.unstuck.remediation.ApiServiceRemover;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Deletes leftover APIServices through the Kubernetes API. */
public final class Fabric8ApiServiceRemover implements ApiServiceRemover {
    private final KubernetesClient client;

    public Fabric8ApiServiceRemover(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean deleteApiService(String name) {
        return !client.resources(APIService.class).withName(name).delete().isEmpty();
    }

    @Override
    public boolean backingServiceExists(String apiServiceName) {
        APIService api = client.resources(APIService.class).withName(apiServiceName).get();
        if (api == null || api.getSpec() == null || api.getSpec().getService() == null) {
            return false;
        }
        var ref = api.getSpec().getService();
        return client.services().inNamespace(ref.getNamespace()).withName(ref.getName()).get() != null;
    }
}
