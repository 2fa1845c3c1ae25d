package dev.unstuck.cloud;

import java.util.Optional;

/** An IPv4 CIDR block, enough to tell which vSwitch holds an address. */
record Ipv4Cidr(long network, int prefix) {

    static Optional<Ipv4Cidr> parse(String cidr) {
        if (cidr == null) {
            return Optional.empty();
        }
        String[] parts = cidr.trim().split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<Long> address = address(parts[0]);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (address.isEmpty() || prefix < 0 || prefix > 32) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Cidr(address.get() & mask(prefix), prefix));
    }

    boolean contains(String ip) {
        return address(ip).map(a -> (a & mask(prefix)) == network).orElse(false);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static Optional<Long> address(String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        String[] octets = ip.trim().split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int n = Integer.parseInt(o);
            if (n > 255) {
                return Optional.empty();
            }
            value = (value << 8) | n;
        }
        return Optional.of(value);
    }
}
