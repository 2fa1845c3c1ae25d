package dev.unstuck.config;

import dev.unstuck.cloud.aliyun.AliyunSettings;

import java.util.List;

/** Where a cluster's pod routes live: the region and VPC, optionally its route tables, and how to reach the API. */
public record CloudTarget(AliyunSettings settings, String vpcId, List<String> routeTableIds) {
    public CloudTarget {
        routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
    }
}
