package dev.unstuck.chat.console;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.sandbox.Sandbox;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/**
 * The web console: a second chat adapter next to Discord, its pages and its API. Off in the production profile
 * unless enabled, and then only with authentication.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnConsole
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ConsoleConfiguration.class);

    @Bean
    public ConsoleChatPort consoleChatPort() {
        return new ConsoleChatPort(Clock.systemUTC());
    }

    @Bean
    public ConsoleAuthenticator consoleAuthenticator(ConsoleProperties props, Environment env) {
        boolean production = env.acceptsProfiles(Profiles.of("production"));
        if (production && props.auth() == ConsoleAuthMode.NONE) {
            throw new IllegalStateException("unstuck.console.enabled=true in the production profile needs"
                    + " unstuck.console.auth=basic or bearer: without it anyone reaching the port could approve"
                    + " repairs as anyone");
        }
        String address = env.getProperty("server.address");
        if (props.auth() == ConsoleAuthMode.NONE && !isLoopback(address)) {
            log.warn("The Unstuck console listens on {} WITHOUT authentication: anyone who reaches it can approve"
                    + " repairs as anyone. Bind it to 127.0.0.1 or set unstuck.console.auth.", address == null
                    ? "all interfaces" : address);
        }
        return new ConsoleAuthenticator(props);
    }

    @Bean
    public FilterRegistrationBean<ConsoleAuthFilter> consoleAuthFilter(ConsoleAuthenticator authenticator) {
        FilterRegistrationBean<ConsoleAuthFilter> registration =
                new FilterRegistrationBean<>(new ConsoleAuthFilter(authenticator));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public CauseChainReader causeChainReader(ClusterRegistry clusters, ObjectProvider<Sandbox> sandbox) {
        return new CauseChainReader(clusters, sandbox.getIfAvailable());
    }

    @Bean
    public ConsoleReadyLine consoleReadyLine(ObjectProvider<Sandbox> sandbox) {
        return new ConsoleReadyLine(sandbox.getIfAvailable());
    }

    /**
     * The pages are served only while the console is on ({@code spring.web.resources.add-mappings} is off in
     * application.yml), so a production bot with the console off serves nothing at all.
     */
    @Bean
    public WebMvcConfigurer consolePages() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/*.html", "/*.css", "/*.js").addResourceLocations("classpath:/static/");
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/").setViewName("forward:/index.html");
            }
        };
    }

    /**
     * Workflow ids and button ids contain '/', which clients send as %2F; Tomcat rejects that by default. Passed
     * through undecoded, it reaches Spring's path matching as part of one segment and is decoded there.
     */
    @Bean
    public WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashesInIds() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    private static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
