package org.jlxc.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-device network switches under {@code /proc/sys/net/FAMILY/conf/DEVICE/} that LXC reads
 * and sets around a container's network (forwarding, proxy_arp, proxy_ndp, disable_ipv6), in the
 * calling process's network namespace.
 */
public final class NetSysctl {
    private NetSysctl() {}

    /** {@code /proc/sys/net/ipv4|ipv6/conf/DEVICE/NAME} ({@code DEVICE} may be {@code all}). */
    public static Path path(boolean ipv6, String device, String name) {
        return Path.of("/proc/sys/net", ipv6 ? "ipv6" : "ipv4", "conf", device, name);
    }

    /** Whether the switch reads 1; false too when it does not exist (no such device, no IPv6). */
    public static boolean isOn(boolean ipv6, String device, String name) {
        try {
            return Files.readString(path(ipv6, device, name)).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes value (NoSuchFileException when the device or the family is missing). */
    public static void set(boolean ipv6, String device, String name, String value) throws IOException {
        Files.writeString(path(ipv6, device, name), value);
    }
}
