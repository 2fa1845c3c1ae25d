package dev.unstuck.sandbox.vpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * DescribeRouteTableList, DescribeRouteEntryList and CreateRouteEntry, answered in the shapes the SDK's unmarshallers
 * read (lists always wrapped: {@code {"RouteEntrys":{"RouteEntry":[...]}}}).
 */
final class RouteActions {
    private final VpcModel model;
    private final Supplier<String> region;

    RouteActions(VpcModel model, Supplier<String> region) {
        this.model = model;
        this.region = region;
    }

    Map<String, Object> describeRouteTableList(ApiParams p, String requestId) {
        int pageNumber = p.intParam("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = p.intParam("PageSize", 10, 1, 50);
        List<VpcModel.TableView> matching = model.routeTableViews().stream()
                .filter(t -> p.matches("VpcId", t.vpcId()))
                .filter(t -> p.matches("RouteTableId", t.id()))
                .filter(t -> p.matches("RouterId", t.vRouterId()))
                .filter(t -> p.matches("RouterType", "VRouter"))
                .filter(t -> p.matches("RouteTableName", ""))
                .toList();
        List<Object> page = ApiParams.page(matching, pageNumber, pageSize).stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("VpcId", t.vpcId());
            m.put("RouteTableId", t.id());
            m.put("RouteTableName", "");
            m.put("RouterId", t.vRouterId());
            m.put("RouterType", "VRouter");
            m.put("RouteTableType", t.type());
            m.put("AssociateType", "VSwitch");
            m.put("Status", "Available");
            m.put("Description", "");
            m.put("VSwitchIds", Map.of("VSwitchId", t.vSwitchIds()));
            m.put("GatewayIds", Map.of("GatewayIds", List.of()));
            m.put("Tags", Map.of("Tag", List.of()));
            return (Object) m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("TotalCount", matching.size());
        out.put("Success", true);
        out.put("Code", "200");
        out.put("Message", "successful");
        out.put("RouterTableList", Map.of("RouterTableListType", page));
        return out;
    }

    Map<String, Object> describeRouteEntryList(ApiParams p, String requestId) {
        String tableId = p.required("RouteTableId");
        int maxResult = p.intParam("MaxResult", 10, 1, 100);
        if (!model.hasRouteTable(tableId)) {
            throw new VpcApiError(404, "InvalidRouteTable.NotFound", "The specified route table does not exist.");
        }
        List<VpcModel.EntryView> matching = model.entryViews(tableId).stream()
                .filter(e -> p.matches("DestinationCidrBlock", e.cidr()))
                .filter(e -> p.matches("RouteEntryType", e.type()))
                .filter(e -> p.matches("NextHopId", e.nextHopId()))
                .filter(e -> p.matches("NextHopType", e.nextHopType()))
                .filter(e -> p.matches("RouteEntryId", e.id()))
                .filter(e -> p.matches("RouteEntryName", e.name()))
                .filter(e -> p.matches("IpVersion", "ipv4"))
                .toList();
        int offset = offset(p.get("NextToken"), tableId, matching.size());
        List<VpcModel.EntryView> page = matching.subList(offset, Math.min(matching.size(), offset + maxResult));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        if (offset + page.size() < matching.size()) {
            out.put("NextToken", token(tableId, offset + page.size()));
        }
        out.put("RouteEntrys", Map.of("RouteEntry", page.stream().map(e -> (Object) entryJson(e)).toList()));
        return out;
    }

    Map<String, Object> createRouteEntry(ApiParams p, String requestId) {
        String id = model.createRouteEntry(new VpcModel.CreateRequest(p.required("RouteTableId"),
                p.required("DestinationCidrBlock"), p.get("NextHopType") == null ? "Instance" : p.get("NextHopType"),
                p.get("NextHopId"), p.get("ClientToken"), nonNullIfGiven(p, "RouteEntryName"),
                nonNullIfGiven(p, "Description"), p.flag("DryRun")));
        return Map.of("RequestId", requestId, "RouteEntryId", id);
    }

    /** A parameter sent empty is a malformed value, not an absent one: the length rule applies. */
    private static String nonNullIfGiven(ApiParams p, String name) {
        return p.values().get(name);
    }

    private Map<String, Object> entryJson(VpcModel.EntryView e) {
        Map<String, Object> related = new LinkedHashMap<>();
        related.put("InstanceId", "");
        related.put("InstanceType", "");
        related.put("RegionId", "");
        Map<String, Object> hop = new LinkedHashMap<>();
        hop.put("NextHopType", e.nextHopType());
        hop.put("NextHopId", e.nextHopId());
        hop.put("Enabled", 1);
        hop.put("Weight", 100);
        hop.put("NextHopRegionId", region.get());
        hop.put("NextHopRelatedInfo", related);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RouteEntryId", e.id());
        m.put("RouteTableId", e.tableId());
        m.put("DestinationCidrBlock", e.cidr());
        m.put("Type", e.type());
        m.put("Status", e.status().wireName());
        m.put("IpVersion", "ipv4");
        m.put("RouteEntryName", e.name());
        m.put("Description", e.description());
        m.put("NextHops", Map.of("NextHop", List.of(hop)));
        return m;
    }

    /** Tokens name the table and the offset, so a token from another table or a forged one is rejected. */
    private static String token(String tableId, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("rte|" + tableId + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String tableId, int size) {
        if (token == null) {
            return 0;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            int offset = Integer.parseInt(parts[2]);
            if (parts.length == 3 && "rte".equals(parts[0]) && tableId.equals(parts[1]) && offset > 0
                    && offset <= size) {
                return offset;
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // falls through to the error the real API gives for a token it did not issue
        }
        throw new VpcApiError(400, "IllegalParam.NextToken", "The specified NextToken is invalid.");
    }
}
