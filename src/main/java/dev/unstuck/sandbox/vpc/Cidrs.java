package dev.unstuck.sandbox.vpc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR arithmetic, enough to place pod IPs, node IPs and route destinations in their ranges. */
public final class Cidrs {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidrs() {
    }

    /** Whether the VPC API accepts {@code cidr} as a destination: dotted quad, prefix 0-32, no host bits set. */
    public static boolean valid(String cidr) {
        Matcher m = CIDR.matcher(cidr == null ? "" : cidr);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return Integer.parseInt(m.group(5)) <= 32 && isNetworkAddress(cidr);
    }

    public static boolean contains(String cidr, String ip) {
        long mask = mask(prefix(cidr));
        return (toLong(address(cidr)) & mask) == (toLong(ip) & mask);
    }

    /** Whether every address of {@code inner} lies in {@code outer} (equal blocks included). */
    public static boolean within(String outer, String inner) {
        return prefix(inner) >= prefix(outer) && contains(outer, address(inner));
    }

    public static boolean overlaps(String a, String b) {
        return within(a, b) || within(b, a);
    }

    public static boolean isNetworkAddress(String cidr) {
        return network(cidr).equals(cidr);
    }

    /** The block written with its host bits cleared, e.g. 172.16.1.0/24 for 172.16.1.7/24. */
    public static String network(String cidr) {
        int bits = prefix(cidr);
        long n = toLong(address(cidr)) & mask(bits);
        return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255) + "/" + bits;
    }

    /** Addresses a vSwitch of this size offers to instances: Alibaba Cloud keeps the first one and the last three. */
    public static long usableAddresses(String cidr) {
        return Math.max(0, (1L << (32 - prefix(cidr))) - 4);
    }

    private static int prefix(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    private static String address(String cidr) {
        return cidr.substring(0, cidr.indexOf('/'));
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }
}
