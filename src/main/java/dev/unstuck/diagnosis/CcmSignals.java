package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the Alibaba Cloud cloud-controller-manager's route controller says it is failing: the errors of its route-table
 * lookup (in its log and in its events), and the reasons of the events it records. Wording as in
 * cloud-provider-alibaba-cloud's {@code pkg/controller/route}; older releases prefixed errors with "alicloud: ", spelt
 * "routetable" and recorded {@code DescriberRouteTablesFailed}, newer ones may put a space before "[".
 */
public final class CcmSignals {

    /** Event reasons of the route controller's failures, current and older. */
    public static final Set<String> ROUTE_EVENT_REASONS = Set.of("CreateRouteFailed", "SyncRouteFailed",
            "DescriberRouteFailed", "DescriberRouteTablesFailed");

    /** The synthetic object the route controller records its cluster-wide SyncRouteFailed events against. */
    public static final String ROUTE_CONTROLLER_OBJECT = "route-controller";

    /** Why the route controller cannot decide which route tables to write, as its route-table lookup reports it. */
    public enum LookupFailure {
        NO_VPC_ID("it cannot read the VPC id from the instance metadata"),
        ROUTE_TABLES_UNREADABLE("it cannot list the route tables of VPC %s"),
        NO_ROUTE_TABLE("it finds no route table in VPC %s"),
        SEVERAL_ROUTE_TABLES("VPC %s has several route tables and cloud-config names none in Global.routeTableIDs");

        private final String explanation;

        LookupFailure(String explanation) {
            this.explanation = explanation;
        }

        public String explain(String vpcId) {
            return String.format(explanation, vpcId == null ? "(unknown)" : vpcId);
        }
    }

    /** One recognised lookup failure and the VPC id the controller used (null when the message names none). */
    public record RouteTableLookup(LookupFailure failure, String vpcId) {
        public String explain() {
            return failure.explain(vpcId);
        }
    }

    private static final Pattern NO_ROUTE_TABLE = lookup("no route tables found by vpc id ?\\[([^\\]]*)\\]");
    private static final Pattern SEVERAL = lookup("multiple route tables found by vpc id ?\\[([^\\]]*)\\]");
    private static final Pattern UNREADABLE = lookup("can not found route ?table by id ?\\[([^\\]]*)\\]");
    private static final String NO_VPC_ID = "get vpc id from metadata error";

    // Route-controller failures in the CCM log; plain "route" alone would also catch its routine progress lines.
    private static final List<String> ROUTE_ERROR_MARKERS = List.of("no route tables found by vpc id",
            "multiple route tables found by vpc id", "can not found route table by id", "can not found routetable",
            NO_VPC_ID, "describeroutetables", "describe route", "createroute", "error creating route entry",
            "reconciling route error", "sync route tables error", "sync routes error");
    private static final List<String> ERROR_WORDS = List.of("error", "fail", "can not", "cannot", "not found");

    private CcmSignals() {
    }

    /** A CCM log line (or event message) that reports a route-controller failure. */
    public static boolean isRouteError(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (ROUTE_ERROR_MARKERS.stream().anyMatch(l::contains)) {
            return true;
        }
        return l.contains("route") && ERROR_WORDS.stream().anyMatch(l::contains);
    }

    /** The route-table lookup failure a log line or event message reports, if any. */
    public static Optional<RouteTableLookup> lookupFailure(String text) {
        Matcher m = NO_ROUTE_TABLE.matcher(text);
        if (m.find()) {
            return Optional.of(new RouteTableLookup(LookupFailure.NO_ROUTE_TABLE, vpcId(m)));
        }
        m = SEVERAL.matcher(text);
        if (m.find()) {
            return Optional.of(new RouteTableLookup(LookupFailure.SEVERAL_ROUTE_TABLES, vpcId(m)));
        }
        m = UNREADABLE.matcher(text);
        if (m.find()) {
            return Optional.of(new RouteTableLookup(LookupFailure.ROUTE_TABLES_UNREADABLE, vpcId(m)));
        }
        if (text.toLowerCase(Locale.ROOT).contains(NO_VPC_ID)) {
            return Optional.of(new RouteTableLookup(LookupFailure.NO_VPC_ID, null));
        }
        return Optional.empty();
    }

    private static Pattern lookup(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static String vpcId(Matcher m) {
        String id = m.group(1).strip();
        return id.isEmpty() ? null : id;
    }
}
