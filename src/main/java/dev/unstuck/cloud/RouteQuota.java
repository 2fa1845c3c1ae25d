package dev.unstuck.cloud;

/** How a QuotaExceeded answer is told to a person: how full the table is against which quota. */
final class RouteQuota {
    private RouteQuota() {
    }

    /**
     * "vtb-1 holds 200 of 200 custom entries". When the cloud refuses below the configured quota, the account's real
     * quota is lower (older accounts have 48), and the message says so rather than quoting a wrong limit.
     */
    static String full(String routeTableId, long customEntries, int configuredQuota) {
        if (customEntries < configuredQuota) {
            return routeTableId + " holds " + customEntries + " custom entries, the most this account allows (the"
                    + " routeEntryQuota setting says " + configuredQuota + ")";
        }
        return routeTableId + " holds " + customEntries + " of " + configuredQuota + " custom entries";
    }
}
