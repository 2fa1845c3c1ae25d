package dev.unstuck.diagnosis;

import dev.unstuck.diagnosis.CcmSignals.LookupFailure;
import dev.unstuck.diagnosis.CcmSignals.RouteTableLookup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The route controller's own words, as cloud-provider-alibaba-cloud's route manager and controller write them. */
class CcmSignalsTest {

    @Test
    @DisplayName("the route-table lookup failures are recognised with and without a space before '[' and the old "
            + "'alicloud:' prefix, and keep the VPC id the controller used")
    void lookupFailures() {
        assertThat(CcmSignals.lookupFailure("E1125 route_controller.go:120] alicloud: no route tables found by vpc "
                + "id[vpc-typo01]")).contains(new RouteTableLookup(LookupFailure.NO_ROUTE_TABLE, "vpc-typo01"));
        assertThat(CcmSignals.lookupFailure("Reconciling route error: no route tables found by vpc id [vpc-typo01]"))
                .contains(new RouteTableLookup(LookupFailure.NO_ROUTE_TABLE, "vpc-typo01"));
        assertThat(CcmSignals.lookupFailure("multiple route tables found by vpc id [vpc-hz001], length(tables)=2"))
                .contains(new RouteTableLookup(LookupFailure.SEVERAL_ROUTE_TABLES, "vpc-hz001"));
        assertThat(CcmSignals.lookupFailure("can not found route table by id[vpc-hz001], error: Throttling"))
                .contains(new RouteTableLookup(LookupFailure.ROUTE_TABLES_UNREADABLE, "vpc-hz001"));
        assertThat(CcmSignals.lookupFailure("alicloud: can not found routetable by id[vpc-hz001], error: x"))
                .contains(new RouteTableLookup(LookupFailure.ROUTE_TABLES_UNREADABLE, "vpc-hz001"));
        assertThat(CcmSignals.lookupFailure("get vpc id from metadata error: dial tcp 100.100.100.200:80: timeout"))
                .contains(new RouteTableLookup(LookupFailure.NO_VPC_ID, null));
        assertThat(CcmSignals.lookupFailure("I1125 route_controller.go:88] syncing routes")).isEmpty();
    }

    @Test
    @DisplayName("the explanation names the VPC: 'it finds no route table in VPC vpc-typo01'")
    void explanation() {
        assertThat(new RouteTableLookup(LookupFailure.NO_ROUTE_TABLE, "vpc-typo01").explain())
                .isEqualTo("it finds no route table in VPC vpc-typo01");
        assertThat(new RouteTableLookup(LookupFailure.SEVERAL_ROUTE_TABLES, "vpc-hz001").explain())
                .isEqualTo("VPC vpc-hz001 has several route tables and cloud-config names none in "
                        + "Global.routeTableIDs");
    }

    @Test
    @DisplayName("route-controller failures are recognised in log lines and event messages, routine lines are not")
    void routeErrors() {
        assertThat(CcmSignals.isRouteError("Reconciling route error: no route tables found by vpc id[vpc-x]")).isTrue();
        assertThat(CcmSignals.isRouteError("Error creating route entry in vtb-1: QuotaExceeded")).isTrue();
        assertThat(CcmSignals.isRouteError("Describe Route Failed for vtb-1 reason: Forbidden.RAM")).isTrue();
        assertThat(CcmSignals.isRouteError("E1125 sync route tables error: get RouteTables: x")).isTrue();
        assertThat(CcmSignals.isRouteError("I1125 route_controller.go:88] syncing routes")).isFalse();
        assertThat(CcmSignals.isRouteError("E1125 service_controller.go:12] error syncing lb")).isFalse();
    }

    @Test
    @DisplayName("the event reasons cover today's CreateRouteFailed, SyncRouteFailed, DescriberRouteFailed and the "
            + "older DescriberRouteTablesFailed")
    void reasons() {
        assertThat(CcmSignals.ROUTE_EVENT_REASONS).containsExactlyInAnyOrder("CreateRouteFailed", "SyncRouteFailed",
                "DescriberRouteFailed", "DescriberRouteTablesFailed");
    }
}
