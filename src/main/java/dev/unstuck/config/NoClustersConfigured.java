package dev.unstuck.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True only when no key under {@code unstuck.clusters} is set at all (not even a misspelled or empty one) and the
 * profile is not {@code production}: Unstuck then serves the sandbox so there is something to try. Anything else is
 * a real configuration, checked key by key, never quietly replaced by a fake cluster.
 */
public class NoClustersConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ClusterKeys.sandboxWanted(context.getEnvironment());
    }
}
