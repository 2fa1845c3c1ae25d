package dev.unstuck.cloud;

/**
 * One entry of a VPC route table. {@code type} is "Custom" or "System"; a node's pod route is Custom with next hop
 * type "Instance" pointing at the node's ECS instance.
 */
public record RouteEntry(String routeEntryId, String routeTableId, String destinationCidrBlock, String nextHopType,
                         String nextHopId, RouteEntryStatus status, String type, String description) {

    public static final String NEXT_HOP_INSTANCE = "Instance";

    public boolean pointsToInstance(String instanceId) {
        return NEXT_HOP_INSTANCE.equals(nextHopType) && instanceId != null && instanceId.equals(nextHopId);
    }

    public boolean isCustom() {
        return "Custom".equalsIgnoreCase(type);
    }

    public boolean hasDestination(String cidr) {
        return destinationCidrBlock != null && cidr != null && destinationCidrBlock.trim().equals(cidr.trim());
    }

    /** "rte-1 172.20.2.0/24 -> Instance i-abc (Available, Custom)", for chat and logs. */
    public String describe() {
        return routeEntryId + " " + destinationCidrBlock + " -> " + nextHopType + " " + nextHopId
                + " (" + (status == null ? RouteEntryStatus.UNKNOWN : status).wireName() + ", " + type + ")";
    }
}
