package dev.unstuck.sandbox.vpc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** DescribeVpcAttribute, DescribeVpcs and DescribeVSwitches, in the shapes the SDK's unmarshallers read. */
final class NetworkActions {
    private final VpcModel model;
    private final Supplier<String> region;
    private final String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    NetworkActions(VpcModel model, Supplier<String> region) {
        this.model = model;
        this.region = region;
    }

    Map<String, Object> describeVpcAttribute(ApiParams p, String requestId) {
        String vpcId = p.required("VpcId");
        VpcModel.VpcView vpc = model.findVpc(vpcId)
                .orElseThrow(() -> new VpcApiError(404, "InvalidVpcId.NotFound", "Specified VPC does not exist."));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.put("VpcId", vpc.id());
        out.put("RegionId", region.get());
        out.put("VpcName", "");
        out.put("CidrBlock", vpc.cidr());
        out.put("VRouterId", vpc.vRouterId());
        out.put("Status", "Available");
        out.put("IsDefault", false);
        out.put("Description", "");
        out.put("VSwitchIds", Map.of("VSwitchId", vpc.vSwitchIds()));
        return out;
    }

    Map<String, Object> describeVpcs(ApiParams p, String requestId) {
        int pageNumber = p.intParam("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = p.intParam("PageSize", 10, 1, 50);
        Set<String> wanted = p.get("VpcId") == null ? null : Set.of(p.get("VpcId").split(","));
        List<VpcModel.VpcView> matching = model.vpcs().stream()
                .filter(v -> wanted == null || wanted.contains(v.id())).toList();
        List<Object> page = ApiParams.page(matching, pageNumber, pageSize).stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("VpcId", v.id());
            m.put("RegionId", region.get());
            m.put("Status", "Available");
            m.put("VpcName", "");
            m.put("CidrBlock", v.cidr());
            m.put("VRouterId", v.vRouterId());
            m.put("IsDefault", false);
            m.put("RouterTableIds", Map.of("RouterTableIds", v.routeTableIds()));
            m.put("VSwitchIds", Map.of("VSwitchId", v.vSwitchIds()));
            return (Object) m;
        }).toList();
        return paged(requestId, matching.size(), pageNumber, pageSize, "Vpcs", "Vpc", page);
    }

    /** Filters as the API documents them: VpcId, VSwitchId, ZoneId, RouteTableId; paged by PageNumber/PageSize. */
    Map<String, Object> describeVSwitches(ApiParams p, String requestId) {
        int pageNumber = p.intParam("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = p.intParam("PageSize", 10, 1, 50);
        boolean defaultOnly = p.flag("IsDefault");
        List<VpcModel.VSwitchView> matching = model.vSwitches().stream()
                .filter(v -> p.matches("VpcId", v.vpcId()))
                .filter(v -> p.matches("VSwitchId", v.id()))
                .filter(v -> p.matches("ZoneId", v.zone()))
                .filter(v -> p.matches("RouteTableId", v.routeTableId()))
                .filter(v -> p.matches("VSwitchName", ""))
                .filter(v -> !defaultOnly)
                .toList();
        List<Object> page = ApiParams.page(matching, pageNumber, pageSize).stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("VSwitchId", v.id());
            m.put("VpcId", v.vpcId());
            m.put("Status", "Available");
            m.put("CidrBlock", v.cidr());
            m.put("ZoneId", v.zone());
            m.put("AvailableIpAddressCount", Cidrs.usableAddresses(v.cidr()));
            m.put("Description", "");
            m.put("VSwitchName", "");
            m.put("CreationTime", created);
            m.put("IsDefault", false);
            m.put("ResourceGroupId", "");
            m.put("NetworkAclId", "");
            m.put("ShareType", "");
            m.put("Ipv6CidrBlock", "");
            m.put("RouteTable", Map.of("RouteTableId", v.routeTableId(), "RouteTableType", v.routeTableType()));
            m.put("Tags", Map.of("Tag", List.of()));
            return (Object) m;
        }).toList();
        return paged(requestId, matching.size(), pageNumber, pageSize, "VSwitches", "VSwitch", page);
    }

    /** The envelope of the Describe* actions paged by PageNumber/PageSize: {@code {"Vpcs": {"Vpc": [...]}}}. */
    private static Map<String, Object> paged(String requestId, int total, int pageNumber, int pageSize, String listKey,
                                             String itemKey, List<Object> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.put("TotalCount", total);
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put(listKey, Map.of(itemKey, page));
        return out;
    }
}
