package dev.unstuck.diagnosis;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a pod IP lies inside a node's podCIDR. On Flannel's route mode every pod IP does (the VPC route for that
 * range is what carries traffic to the pod); an IP outside it was handed out by something else, e.g. Terway from a
 * vSwitch, and no node route is involved.
 */
final class PodCidr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private PodCidr() {
    }

    /** Empty when either side is not a literal address / CIDR (never resolved through DNS). */
    static Optional<Boolean> contains(String cidr, String ip) {
        if (cidr == null || ip == null) {
            return Optional.empty();
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<byte[]> network = literal(cidr.substring(0, slash).trim());
        Optional<byte[]> address = literal(ip.trim());
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (network.isEmpty() || address.isEmpty() || network.get().length != address.get().length
                || prefix < 0 || prefix > network.get().length * 8) {
            return Optional.empty();
        }
        int bits = network.get().length * 8;
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
        BigInteger n = new BigInteger(1, network.get()).and(mask);
        BigInteger a = new BigInteger(1, address.get()).and(mask);
        return Optional.of(n.equals(a));
    }

    private static Optional<byte[]> literal(String text) {
        // The patterns keep InetAddress from ever treating the text as a host name to look up.
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
