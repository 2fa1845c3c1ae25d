package dev.unstuck.cloud;

/**
 * A vSwitch (subnet) of a VPC. A node's InternalIP lies in exactly one vSwitch's {@code cidrBlock}, which tells the
 * route table that forwards the node's outgoing traffic.
 */
public record VSwitch(String vSwitchId, String vpcId, String zoneId, String cidrBlock) {

    public boolean contains(String ip) {
        return Ipv4Cidr.parse(cidrBlock).map(c -> c.contains(ip)).orElse(false);
    }
}
