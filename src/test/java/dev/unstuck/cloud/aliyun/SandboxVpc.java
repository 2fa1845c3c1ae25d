package dev.unstuck.cloud.aliyun;

import dev.unstuck.sandbox.vpc.FakeVpcServer;
import dev.unstuck.sandbox.vpc.VpcFaults;

import java.time.Duration;

/** A sandbox VPC with one cluster's network and the settings the real SDK needs to reach it. */
final class SandboxVpc implements AutoCloseable {
    static final String KEY_ID = "LTAI5tSandboxKeyId01";
    static final String SECRET = "s3cr3t-Sandbox-Secret-Value-7f1e";
    static final String VPC = "vpc-k8s";
    static final String TABLE = "vtb-main";
    static final String NODE_INSTANCE = "i-node2";
    static final String POD_CIDR = "172.20.2.0/24";

    final FakeVpcServer server;

    SandboxVpc(long seed) {
        server = new FakeVpcServer(0, seed).start()
                .addCredentials(KEY_ID, SECRET)
                .addVpc(VPC, "192.168.0.0/16")
                .addRouteTable(VPC, TABLE)
                .addInstance("i-node1")
                .addInstance(NODE_INSTANCE)
                .addInstance("i-node3");
        server.setFaults(VpcFaults.none().withPendingSeconds(0.2));
    }

    AliyunSettings settings() {
        return new AliyunSettings("cn-hangzhou", server.endpoint(), KEY_ID, SECRET, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    AliyunVpcApi api() {
        return new AliyunVpcApi(settings());
    }

    @Override
    public void close() {
        server.close();
    }
}
