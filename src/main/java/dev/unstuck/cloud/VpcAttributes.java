package dev.unstuck.cloud;

/** What the repair needs to know about a VPC: whether it is usable and which router owns its main table. */
public record VpcAttributes(String vpcId, String status, String cidrBlock, String vRouterId) {
}
