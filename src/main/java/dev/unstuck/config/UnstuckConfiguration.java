package dev.unstuck.config;

import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.People;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.diagnosis.DiagnosisEngine;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.Decision;
import dev.unstuck.report.RunHistory;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.StickyQueueClearingInterceptor;
import dev.unstuck.workflow.ThrottledClicks;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;

/** Wires clusters, chat and the remediation service; the Temporal starter creates the client and workers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UnstuckProperties.class)
public class UnstuckConfiguration {
    private static final Logger log = LoggerFactory.getLogger(UnstuckConfiguration.class);

    @Bean(destroyMethod = "close")
    @Conditional(NoClustersConfigured.class)
    public Sandbox sandbox(UnstuckProperties props) {
        Sandbox sandbox = Sandbox.start(ScenarioLoader.load(props.sandbox().scenario()));
        log.warn("No cluster key is set: serving the SANDBOX scenario '{}' as cluster '{}' (Kubernetes API {}),"
                        + " a simulated cluster and VPC on this machine. Set unstuck.clusters.<alias> for a real one.",
                sandbox.scenario().name(), sandbox.scenario().cluster().name(), sandbox.cluster().apiServerUrl());
        return sandbox;
    }

    /** Who is who across chat adapters ({@code unstuck.people}). */
    @Bean
    public People people(UnstuckProperties props) {
        try {
            return new People(props.people());
        } catch (IllegalArgumentException e) {
            String[] keyAndProblem = e.getMessage().split(": ", 2);
            throw new ConfigurationProblem(keyAndProblem[0], keyAndProblem.length > 1 ? keyAndProblem[1] : "", e);
        }
    }

    /**
     * The clusters, each checked whole before anything uses it; the sandbox only when no cluster key is set at all
     * and the profile is not production.
     */
    @Bean(destroyMethod = "close")
    public ClusterRegistry clusterRegistry(UnstuckProperties props, People people, ObjectProvider<Sandbox> sandbox,
                                           Environment env, ObjectProvider<CloudCallListener> cloudCalls) {
        ClusterKeys.misspelled(env).ifPresent(key -> {
            throw new ConfigurationProblem(key, "no such setting; a cluster is configured under "
                    + ClusterKeys.CLUSTERS + ".<alias>.*");
        });
        ClusterKeys.unknownSetting(env).ifPresent(key -> {
            throw new ConfigurationProblem(key, "no such cluster setting; a cluster takes " + ClusterKeys.settings());
        });
        ClusterRegistry registry = new ClusterRegistry(cloudCalls.getIfAvailable(() -> CloudCallListener.NONE),
                stuckThreshold(env));
        Sandbox s = sandbox.getIfAvailable();
        if (s != null) {
            if (props.sandbox().approverRoles().isEmpty()) {
                throw new ConfigurationProblem("unstuck.sandbox.approver-roles", "is empty: nobody could approve in"
                        + " the sandbox");
            }
            registry.register(s.scenario().cluster().name(), ClusterTarget.of(s),
                    new ApprovalRules(props.sandbox().approverRoles(), true));
            return registry;
        }
        if (props.clusters().isEmpty()) {
            throw new ConfigurationProblem(ClusterKeys.CLUSTERS, ClusterKeys.anySet(env)
                    ? "is set but names no cluster: configure " + ClusterKeys.CLUSTERS + ".<alias>.kubeconfig and"
                    + " its approvers"
                    : "no cluster is configured, and the production profile never serves the sandbox: configure "
                    + ClusterKeys.CLUSTERS + ".<alias>.kubeconfig and its approvers");
        }
        try {
            props.clusters().forEach((alias, c) -> {
                ApprovalRules rules = ClusterSettings.rules(alias, c, people);
                ClusterTarget target = ClusterSettings.target(alias, c);
                if (target.cloudTarget().isEmpty()) {
                    log.warn("Cluster {} names no VPC (region + vpc-id, or cloud-properties): its pod routes are"
                            + " neither checked nor repaired", alias);
                }
                registry.register(alias, target, rules);
            });
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /**
     * When a diagnosis calls a namespace stuck: 5 minutes, or sooner when the watchers' card says so sooner
     * ({@code unstuck.watch.namespace-stuck-after}): a remediation started from a card must not answer that the
     * namespace is merely still terminating.
     */
    static Duration stuckThreshold(Environment env) {
        Duration watch = Binder.get(env).bind("unstuck.watch.namespace-stuck-after", Duration.class).orElse(null);
        Duration diagnosis = DiagnosisEngine.DEFAULT_STUCK_THRESHOLD;
        return watch != null && !watch.isNegative() && !watch.isZero() && watch.compareTo(diagnosis) < 0 ? watch : diagnosis;
    }

    @Bean
    public InMemoryChatPort inMemoryChatPort() {
        return new InMemoryChatPort();
    }

    @Bean
    public ChatRouter chatRouter(List<ChatPort> adapters) {
        return new ChatRouter(adapters);
    }

    @Bean
    public RemediationService remediationService(WorkflowClient client, ClusterRegistry clusters,
                                                 UnstuckProperties props) {
        UnstuckProperties.Remediation r = props.remediation();
        return new RemediationService(client, clusters, new RemediationTimeouts(r.approvalTimeout(),
                r.stepTimeout(), r.apiServiceTimeout(), r.namespaceTimeout()), props.temporal().searchAttributes());
    }

    /** Past runs and reports, read from Temporal's histories. */
    @Bean
    public RunHistory runHistory(WorkflowClient client, RemediationService service) {
        return new RunHistory(client, service);
    }

    /**
     * The click rate limit of every chat adapter. Counts of clicks past it go to the remediation the buttons named,
     * as one event per period; clicks that named none we know go to the refusal log.
     */
    @Bean(destroyMethod = "close")
    public ClickThrottle clickThrottle(UnstuckProperties props, RemediationService service) {
        UnstuckProperties.ClickRateLimit limit = props.clickRateLimit();
        ClickThrottle throttle;
        try {
            throttle = new ClickThrottle(limit.clicks(), limit.per(), System::nanoTime, flood -> {
                Decision decision = "approve".equals(flood.action()) ? Decision.APPROVE
                        : "reject".equals(flood.action()) ? Decision.REJECT : null;
                if (flood.workflowId() != null && decision != null) {
                    service.recordThrottledClicks(flood.workflowId(), new ThrottledClicks(flood.user(), decision,
                            flood.clicks(), flood.limit()));
                } else {
                    RefusalLog.throttled(flood);
                }
            });
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem("unstuck.click-rate-limit", "needs clicks of at least 1 and a positive"
                    + " period (per)", e);
        }
        return throttle.start();
    }

    /** The embedded server must keep real time: a skipped 30-minute approval wait would expire at once. */
    @Bean
    public TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> realTimeEmbeddedServer() {
        return b -> b.setUseTimeskipping(false);
    }

    @Bean
    @ConditionalOnProperty(name = "unstuck.temporal.clear-sticky-queues", havingValue = "true")
    public TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> stickyQueueWorkaround() {
        log.warn("unstuck.temporal.clear-sticky-queues is on: workflow tasks never use sticky queues (meant for the"
                + " Temporal test server only)");
        return b -> {
            b.addGrpcClientInterceptor(new StickyQueueClearingInterceptor());
            return b;
        };
    }

    @Bean
    public ApplicationRunner embeddedTemporalWarning(ObjectProvider<TestWorkflowEnvironment> embedded) {
        return args -> {
            if (embedded.getIfAvailable() != null) {
                log.warn("""

                        ************************************************************************************
                        *  Temporal runs EMBEDDED in this process: all workflow history is IN MEMORY and   *
                        *  is LOST when Unstuck stops. Pending approvals and repairs do not survive a       *
                        *  restart. For production set spring.temporal.connection.target (host:port).       *
                        ************************************************************************************""");
            }
        };
    }
}
