package dev.unstuck.cloud;

/** A route table of a VPC; {@code routeTableType} is "System" for the VPC's main table, "Custom" otherwise. */
public record RouteTable(String routeTableId, String vpcId, String routeTableType, String status) {
}
