package io.turnpike.dataplane.authorizer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address), as
 * {@code aws:SourceIp} conditions name them. Parsing never resolves host names.
 */
final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses a block; throws IllegalArgumentException naming the value when it is not one. */
    static Cidr parse(String value) {
        String v = value.trim();
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("aws:SourceIp: '" + value + "' (expected: an IPv4 or IPv6 CIDR block)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(
                        "aws:SourceIp: '" + value + "' (expected: a prefix length 0.." + bits + ")");
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Whether the textual address lies in this block; false for anything that is not an IP literal. */
    boolean contains(String address) {
        byte[] a = address == null ? null : literal(address);
        if (a == null) {
            return false;
        }
        if (a.length != network.length) {
            a = a.length == 16 ? v4Mapped(a) : null;
            if (a == null || a.length != network.length) {
                return false;
            }
        }
        return Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] v4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return null;
        }
        return Arrays.copyOfRange(v6, 12, 16);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** The bytes of an IP literal, or null; never a DNS lookup (only digits, dots, hex and colons pass). */
    private static byte[] literal(String s) {
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.isEmpty() || !a.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        if (a.indexOf(':') < 0 && !a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
