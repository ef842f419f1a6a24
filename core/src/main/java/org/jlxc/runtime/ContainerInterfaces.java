package org.jlxc.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.netlink.Address;
import org.jlxc.linux.netlink.Link;
import org.jlxc.linux.netlink.NetlinkException;
import org.jlxc.linux.netlink.NetlinkSocket;
import org.jlxc.linux.netlink.RtNetlink;

/**
 * The interfaces and addresses a running container sees, read through a netlink socket in its
 * init's network namespace (LXC's get_interfaces / get_ips, which fork into the namespace and
 * call getifaddrs there). An empty answer when init is gone.
 */
public final class ContainerInterfaces {
    /** RT_SCOPE_LINK: what the kernel marks fe80::/10 addresses with. */
    private static final int SCOPE_LINK = 253;

    private final List<Link> links;
    private final List<Address> addresses;

    ContainerInterfaces(List<Link> links, List<Address> addresses) {
        this.links = links;
        this.addresses = addresses;
    }

    /** What init's namespace holds now; nothing when init (or its namespace) is gone. */
    public static ContainerInterfaces of(int initPid) {
        try (NetlinkSocket s = NetlinkSocket.openIn(initPid)) {
            RtNetlink rt = new RtNetlink(s);
            return new ContainerInterfaces(rt.links(), rt.addresses());
        } catch (ErrnoException | NetlinkException e) {
            return new ContainerInterfaces(List.of(), List.of());
        }
    }

    /**
     * As {@link #of}, for the questions that leave lo out (lxc-info's IP: and Link: lines,
     * lxc-ls's IP columns): a namespace whose only device is lo has no answer to them, which
     * /proc/PID/net/dev tells without a netlink socket (its FFM set-up costs a command ~40 ms).
     * Then nothing is known of lo itself either: use {@link #of} to ask about lo.
     */
    public static ContainerInterfaces ofAllButLoopback(int initPid) {
        if (org.jlxc.linux.NetDevices.of(initPid).stream().allMatch("lo"::equals)) {
            return new ContainerInterfaces(List.of(), List.of());
        }
        return of(initPid);
    }

    /** The interface names, lo included, in the kernel's order (get_interfaces). */
    public List<String> names() {
        return links.stream().map(Link::name).toList();
    }

    /**
     * The host ends of the container's veths, in the container's interface order (lxc-info's
     * "Link:"): a container-side veth names its peer's index in the host's namespace (IFLA_LINK);
     * the host device of that index counts only if it is a veth whose own peer index is the
     * container side's, so an unrelated device that happens to have the index is never named.
     */
    public List<String> hostVethEnds() {
        List<Link> inside = links.stream().filter(l -> "veth".equals(l.kind()) && l.peer() > 0).toList();
        if (inside.isEmpty()) return List.of();
        List<Link> host;
        try (NetlinkSocket s = NetlinkSocket.open()) {
            host = new RtNetlink(s).links();
        } catch (ErrnoException | NetlinkException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Link c : inside) {
            for (Link h : host) {
                if (h.index() == c.peer() && "veth".equals(h.kind()) && h.peer() == c.index()) out.add(h.name());
            }
        }
        return out;
    }

    /**
     * The addresses as text, as LXC's get_ips: of interface iface (null: every one but lo), of
     * family "inet" or "inet6" (null: both), IPv6 ones only with the scope id getifaddrs gives them
     * (the interface's index for a link-local address, 0 for any other; so scope 0 = not link-local).
     */
    public List<String> ips(String iface, String family, int scope) {
        Map<Integer, String> names = new HashMap<>();
        for (Link l : links) names.put(l.index(), l.name());
        List<String> out = new ArrayList<>();
        for (Address a : addresses) {
            String name = names.get(a.index());
            if (iface == null ? "lo".equals(name) : !iface.equals(name)) continue;
            if (family != null && !family.equals(a.ipv6() ? "inet6" : "inet")) continue;
            if (a.ipv6() && scope >= 0 && (a.scope() == SCOPE_LINK ? a.index() : 0) != scope) continue;
            out.add(text(a.address()));
        }
        return out;
    }

    /** As inet_ntop: IPv6 in RFC 5952 form (the longest run of two or more zero groups as "::"). */
    static String text(java.net.InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) return address.getHostAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
