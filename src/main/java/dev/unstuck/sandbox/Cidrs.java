package dev.unstuck.sandbox;

/** IPv4 CIDR arithmetic, enough to check that a pod IP lies in its node's pod range. */
final class Cidrs {
    private Cidrs() {
    }

    static boolean contains(String cidr, String ip) {
        int slash = cidr.indexOf('/');
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(cidr.substring(0, slash)) & mask) == (toLong(ip) & mask);
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }
}
