package dev.unstuck.chat.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Present only while {@code unstuck.console.enabled} is true (the default outside the production profile). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnBooleanProperty(name = "unstuck.console.enabled", matchIfMissing = true)
public @interface ConditionalOnConsole {
}
