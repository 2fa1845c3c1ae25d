package dev.unstuck.config.observability;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Set;

/**
 * Who may read the actuator. The kubelet's probes never sign in, so liveness and readiness answer everyone; on a
 * separate management port (the Helm chart's layout: no Ingress routes there and a NetworkPolicy limits who reaches
 * it) every actuator endpoint does, so Prometheus can scrape. Anything else on the console's port is the console's
 * to guard: it signs people in as configured, and with the console off nothing else is served at all.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {
    private static final Set<String> PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, Environment env) throws Exception {
        RequestMatcher probes = request -> PROBES.contains(path(request));
        RequestMatcher onManagementPort = request -> {
            String management = env.getProperty("local.management.port");
            String server = env.getProperty("local.server.port");
            return management != null && !management.equals(server)
                    && String.valueOf(request.getLocalPort()).equals(management);
        };
        return http.securityMatcher(request -> probes.matches(request) || onManagementPort.matches(request))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /**
     * With the console off no filter chain would match the rest, and an unmatched request passes unguarded:
     * refuse it instead.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @ConditionalOnBooleanProperty(name = "unstuck.console.enabled", havingValue = false)
    public SecurityFilterChain nothingElseWithoutConsole(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().denyAll())
                .build();
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
