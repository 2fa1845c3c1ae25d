package dev.unstuck.config;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when {@code unstuck.clusters} is empty: Unstuck then serves the sandbox so there is something to try. */
public class NoClustersConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment())
                .bind("unstuck.clusters", Bindable.mapOf(String.class, Object.class))
                .map(m -> m.isEmpty()).orElse(true);
    }
}
