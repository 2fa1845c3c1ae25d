package dev.unstuck.workflow;

import io.temporal.common.SearchAttributeKey;

/**
 * The search attributes a remediation carries on a Temporal server that has them registered (a self-hosted server:
 * {@code temporal operator search-attribute create --name UnstuckCluster --type Keyword}, the same for
 * UnstuckNamespace and UnstuckOutcome). Set at start by {@link RemediationService} only when
 * {@code unstuck.temporal.search-attributes=true}: a server that lacks them rejects the start. The workflow adds the
 * outcome only to runs that started with them, so the embedded server never sees one.
 */
public final class RemediationSearchAttributes {
    public static final SearchAttributeKey<String> CLUSTER = SearchAttributeKey.forKeyword("UnstuckCluster");
    public static final SearchAttributeKey<String> NAMESPACE = SearchAttributeKey.forKeyword("UnstuckNamespace");
    public static final SearchAttributeKey<String> OUTCOME = SearchAttributeKey.forKeyword("UnstuckOutcome");

    private RemediationSearchAttributes() {
    }
}
