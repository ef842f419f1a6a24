package org.jlxc.net;

/**
 * An IPv4 address of a container's interface ({@code lxc.net.N.ipv4.address}).
 *
 * @param address   dotted quad
 * @param prefix    0..32 (classful default when the config gave none, as LXC)
 * @param broadcast as given, else computed as LXC's set_config_net_ipv4_address (confile.c) does:
 *                  the host bits all set, and {@code 0.0.0.0} for a /31 or /32 (RFC 3021)
 */
public record Ipv4Address(String address, int prefix, String broadcast) {

    /** The address with the broadcast the config gave, or the one LXC computes when null. */
    public static Ipv4Address of(String address, int prefix, String broadcast) {
        return new Ipv4Address(address, prefix, broadcast != null ? broadcast : computeBroadcast(address, prefix));
    }

    static String computeBroadcast(String address, int prefix) {
        if (prefix >= 31) {
            return "0.0.0.0";
        }
        return format(toInt(address) | (int) (0xFFFFFFFFL >>> prefix));
    }

    static int toInt(String dotted) {
        String[] p = dotted.split("\\.");
        int v = 0;
        for (String o : p) {
            v = v << 8 | Integer.parseInt(o);
        }
        return v;
    }

    static String format(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
    }

    @Override
    public String toString() {
        return address + "/" + prefix + " " + broadcast;
    }
}
