package dev.unstuck.config;

import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.kube.KubeClients;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.StickyQueueClearingInterceptor;
import io.fabric8.kubernetes.client.Config;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
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
        log.info("No cluster configured: serving sandbox scenario '{}' as cluster '{}' (Kubernetes API {})",
                sandbox.scenario().name(), sandbox.scenario().cluster().name(), sandbox.cluster().apiServerUrl());
        return sandbox;
    }

    @Bean(destroyMethod = "close")
    public ClusterRegistry clusterRegistry(UnstuckProperties props, ObjectProvider<Sandbox> sandbox,
                                           ObjectProvider<CloudCallListener> cloudCalls) {
        ClusterRegistry registry = new ClusterRegistry(cloudCalls.getIfAvailable(() -> CloudCallListener.NONE));
        Sandbox s = sandbox.getIfAvailable();
        if (s != null) {
            registry.register(s.scenario().cluster().name(), ClusterTarget.of(s),
                    new ApprovalRules(props.sandbox().approverRoles(), true));
        }
        props.clusters().forEach((alias, c) -> registry.register(alias, target(alias, c),
                new ApprovalRules(c.approverRoles(), c.fourEyes())));
        return registry;
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
                r.stepTimeout(), r.apiServiceTimeout(), r.namespaceTimeout()));
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

    private static ClusterTarget target(String alias, UnstuckProperties.Cluster c) {
        Config config;
        if (c.inCluster()) {
            config = InClusterConfig.load(alias);
        } else {
            Path kubeconfig = Path.of(c.kubeconfig() == null ? System.getProperty("user.home") + "/.kube/config"
                    : c.kubeconfig());
            config = KubeClients.fromKubeconfig(kubeconfig, c.context());
        }
        CloudTarget cloud = null;
        if (c.cloudProperties() != null) {
            cloud = cloudFromProperties(alias, Path.of(c.cloudProperties()), c.routeTableIds(),
                    c.apiServerVswitchIds());
        } else if (c.region() != null && c.vpcId() != null) {
            cloud = new CloudTarget(AliyunSettings.defaultChain(c.region()), c.vpcId(), c.routeTableIds(),
                    c.apiServerVswitchIds(), c.routeEntryQuota());
        }
        return new ClusterTarget(alias, config, cloud);
    }

    private static CloudTarget cloudFromProperties(String alias, Path file, List<String> tables,
                                                   List<String> vswitches) {
        try {
            CloudTarget t = CloudProperties.load(file, tables);
            return new CloudTarget(t.settings(), t.vpcId(), t.routeTableIds(), vswitches.isEmpty()
                    ? t.apiServerVSwitchIds() : vswitches, t.routeEntryQuota());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unstuck.clusters." + alias + ".cloud-properties: " + e.getMessage(), e);
        }
    }
}
