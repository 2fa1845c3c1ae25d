package dev.unstuck.chat.console;

import dev.unstuck.chat.People;
import dev.unstuck.chat.Person;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ConfigurationProblem;
import dev.unstuck.sandbox.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may use the console, enforced by Spring Security for every URL, pages included:
 * <ul>
 *   <li>{@code basic}: HTTP Basic against {@code unstuck.console.users.<name>.password-hash} (bcrypt from
 *       {@code htpasswd -nbBC 12}, legacy PBKDF2 still read), checked once per browser session;</li>
 *   <li>{@code bearer}: {@code Authorization: Bearer <unstuck.console.bearer-token>}, as {@code bearer-user};</li>
 *   <li>{@code none}: nobody signs in. Only for the sandbox on loopback: with any real cluster, any other address or
 *       the production profile, start-up fails.</li>
 * </ul>
 * Spring's CSRF tokens are off: every call that changes anything is a JSON POST, which a page of another site cannot
 * send without a CORS preflight this console never grants, and the session cookie is SameSite=Strict besides.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnConsole
public class ConsoleSecurity {
    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);

    @Bean
    public SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, ConsoleProperties props,
                                                          ClusterRegistry clusters, ObjectProvider<Sandbox> sandbox,
                                                          People people, Environment env) throws Exception {
        checkAuthority(props, realClusters(clusters, sandbox.getIfAvailable()), env.getProperty("server.address"),
                env.acceptsProfiles(Profiles.of("production")), people);
        ConsoleSignIn signIn = new ConsoleSignIn(props.auth());
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(signIn));
        switch (props.auth()) {
            case NONE -> http.httpBasic(AbstractHttpConfigurer::disable)
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            // The page polls every second: the session spares a bcrypt check per request.
            case BASIC -> http.httpBasic(b -> b.realmName(ConsoleSignIn.REALM).authenticationEntryPoint(signIn)
                            .securityContextRepository(new HttpSessionSecurityContextRepository()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated());
            case BEARER -> {
                AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(ConsoleBearerToken.provider(
                        props.bearerToken(), props.bearerUser(), props.users().get(props.bearerUser()).roles())),
                        ConsoleBearerToken.converter());
                bearer.setSuccessHandler((request, response, authentication) -> {
                });
                bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(signIn));
                http.httpBasic(AbstractHttpConfigurer::disable)
                        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                        .addFilterBefore(bearer, BasicAuthenticationFilter.class)
                        .authorizeHttpRequests(a -> a.anyRequest().authenticated());
            }
        }
        return http.build();
    }

    /** The console's users with their hashes (auth basic); empty otherwise, so no default user is ever made. */
    @Bean
    public UserDetailsService consoleUsers(ConsoleProperties props) {
        List<UserDetails> users = new ArrayList<>();
        if (props.auth() == ConsoleAuthMode.BASIC) {
            if (props.users().isEmpty()) {
                throw new ConfigurationProblem("unstuck.console.users", "is empty: auth basic needs users with a"
                        + " password-hash (htpasswd -nbBC 12 <user> '<password>')");
            }
            props.users().forEach((name, account) -> {
                String hash;
                try {
                    hash = ConsolePasswords.normalized(name, account.passwordHash());
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationProblem("unstuck.console.users." + name + ".password-hash", e.getMessage(),
                            e);
                }
                if (ConsolePasswords.legacy(hash)) {
                    log.warn("unstuck.console.users.{}.password-hash is a legacy pbkdf2-sha256 hash: still accepted;"
                            + " replace it with a bcrypt one (htpasswd -nbBC 12 {} '<password>')", name, name);
                }
                users.add(User.withUsername(name).password(hash)
                        .authorities(account.roles().toArray(String[]::new)).build());
            });
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    public PasswordEncoder consolePasswordEncoder() {
        return ConsolePasswords.encoder();
    }

    /**
     * Workflow ids hold '/', which clients send as %2F in {@code /api/workflows/<id>/...}; Spring Security's
     * firewall refuses that by default. Everything else it checks stays on.
     */
    @Bean
    public HttpFirewall consoleFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        return firewall;
    }

    /**
     * Fails start-up on a console that would let anyone act as anyone where it matters, or lock everyone out.
     *
     * @param realClusters configured clusters, the sandbox's not counted
     */
    static void checkAuthority(ConsoleProperties props, List<String> realClusters, String serverAddress,
                               boolean production, People people) {
        String auth = "unstuck.console.auth";
        switch (props.auth()) {
            case NONE -> {
                String fix = "; set it to basic (bcrypt hashes from htpasswd -nbBC 12 <user> '<password>') or bearer,"
                        + " or turn the console off with unstuck.console.enabled=false";
                if (production) {
                    throw new ConfigurationProblem(auth, "is none in the production profile: anyone who reaches the"
                            + " console could approve repairs as anyone" + fix);
                }
                if (!realClusters.isEmpty()) {
                    throw new ConfigurationProblem(auth, "is none while cluster(s) " + realClusters + " are"
                            + " configured: anyone who reaches the console could approve repairs there as anyone"
                            + fix);
                }
                if (!isLoopback(serverAddress)) {
                    throw new ConfigurationProblem(auth, "is none while the console listens on " + (serverAddress
                            == null ? "every interface" : serverAddress) + ": none is only for the sandbox on"
                            + " 127.0.0.1" + fix);
                }
            }
            case BASIC -> {
                // Hashes are checked where the users are built.
            }
            case BEARER -> {
                if (props.bearerToken() == null || props.bearerToken().strip().length() < ConsoleBearerToken.MIN_LENGTH) {
                    throw new ConfigurationProblem("unstuck.console.bearer-token", "auth bearer needs a token"
                            + " (UNSTUCK_CONSOLE_TOKEN) of at least " + ConsoleBearerToken.MIN_LENGTH
                            + " characters, e.g. openssl rand -hex 32");
                }
                if (props.bearerUser() == null || !props.users().containsKey(props.bearerUser())) {
                    throw new ConfigurationProblem("unstuck.console.bearer-user", "must name one of"
                            + " unstuck.console.users " + props.users().keySet() + ": the token signs in as them");
                }
            }
        }
        for (Map.Entry<String, Person> p : people.all().entrySet()) {
            String login = p.getValue().console();
            if (login != null && !login.isBlank() && !props.users().containsKey(login)) {
                throw new ConfigurationProblem("unstuck.people." + p.getKey() + ".console", "'" + login + "' is not"
                        + " one of unstuck.console.users " + props.users().keySet());
            }
        }
    }

    static List<String> realClusters(ClusterRegistry clusters, Sandbox sandbox) {
        return clusters.aliases().stream().filter(a -> sandbox == null || !a.equals(sandbox.scenario().cluster().name()))
                .sorted().toList();
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
