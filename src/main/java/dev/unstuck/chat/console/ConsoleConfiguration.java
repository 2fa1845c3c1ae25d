package dev.unstuck.chat.console;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.workflow.ClusterChains;
import dev.unstuck.workflow.RemediationService;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/**
 * The web console: a second chat adapter next to Discord, its pages and its API. Off in the production profile
 * unless enabled; who may use it is {@link ConsoleSecurity}'s.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnConsole
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleConfiguration {
    @Bean
    public ConsoleChatPort consoleChatPort(RemediationService remediations) {
        return new ConsoleChatPort(Clock.systemUTC(), new RecordedConversations(remediations));
    }

    @Bean
    public CauseChainReader causeChainReader(ClusterRegistry clusters, ObjectProvider<Sandbox> sandbox) {
        return new CauseChainReader(new ClusterChains(clusters, sandbox.getIfAvailable()));
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
     * Workflow ids contain '/', which clients may send as %2F; Tomcat rejects that by default. Decoded here, the id
     * reaches {@code /api/workflows/{*path}} as plain segments, and Spring Security's firewall (which refuses a '%'
     * left in a decoded path) sees nothing unusual. Button ids need none of this: they are URL-safe.
     */
    @Bean
    public WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashesInIds() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.DECODE.getValue()));
    }
}
