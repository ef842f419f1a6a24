package org.jlxc.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.netlink.Link;
import org.jlxc.linux.netlink.NetlinkException;
import org.jlxc.linux.netlink.NetlinkSocket;
import org.jlxc.linux.netlink.NetnsRef;
import org.jlxc.linux.netlink.RtNetlink;
import org.jlxc.plan.HookCommand;

/**
 * What a start's network set-up leaves for the end of the run to undo, in config order (LXC's
 * lxc_restore_phys_nics_to_netns, then lxc_delete_network): host NICs given back under their own
 * name and MTU, the down scripts, the host ends of veth pairs. Kept in the runtime directory's
 * {@code network} file, so that the post-stop work finds it in any process: the foreground
 * start, the daemon's exit command, or the tool that finds a dead shim's leftovers.
 *
 * <p>Devices made for the container (veth, macvlan, ipvlan, vlan) die with its network namespace;
 * a veth's host end is deleted all the same, at once, as LXC does (the kernel frees a namespace
 * asynchronously). A NIC lent to the container ({@code phys}) must be moved out while the
 * namespace lives: the shim keeps it ({@code netns}) until the post-stop work is done. Without
 * it (the shim was killed) the kernel gives a real NIC back by itself, under its container name,
 * and the undo renames it.
 *
 * @param netns   the container's network namespace while the shim keeps it ({@code /proc/SHIM/fd/N}), or null
 * @param netnsId what that path named when it was saved ({@code net:[INODE]}): a dead shim's pid and fd
 *                number may be someone else's by the time the record is read
 * @param devices one entry per network with something to undo, in config order
 */
record NetworkTeardown(String netns, String netnsId, List<Device> devices) {
    static final String FILE = "network";

    NetworkTeardown {
        devices = List.copyOf(devices);
    }

    /**
     * One network's undo.
     *
     * @param key      {@code lxc.net.N}, for messages
     * @param hostVeth the host end of a veth pair, or null
     * @param phys     a NIC lent to the container, or null
     * @param down     its {@code script.down}, or null
     */
    record Device(String key, String hostVeth, PhysNic phys, List<Proxy> proxies, HookCommand down) {
        Device {
            proxies = List.copyOf(proxies);
        }

        /** Nothing to undo yet. */
        static Device of(String key) {
            return new Device(key, null, null, List.of(), null);
        }

        Device withHostVeth(String name) {
            return new Device(key, name, phys, proxies, down);
        }

        Device withPhys(PhysNic p) {
            return new Device(key, hostVeth, p, proxies, down);
        }

        Device withProxy(Proxy p) {
            List<Proxy> more = new ArrayList<>(proxies);
            more.add(p);
            return new Device(key, hostVeth, phys, more, down);
        }

        Device withDown(HookCommand h) {
            return new Device(key, hostVeth, phys, proxies, h);
        }
    }

    /**
     * A neighbour proxy entry {@code lxc.net.N.l2proxy} added on the host's {@code link} for one of the
     * container's addresses, with (ipvlan) its route to the host's loopback.
     */
    record Proxy(String link, String address, boolean loRoute) {}

    /**
     * A host NIC lent to the container ({@code phys}).
     *
     * @param insideIndex   its index in the container's namespace
     * @param hostIndex     its index on the host before the start (the kernel keeps an index that is free)
     * @param transientName the name it comes back under, before the rename (LXC's physXXXXXX: never a host device's)
     * @param link          its host name, given back
     * @param mtu           its MTU before the start, given back
     */
    record PhysNic(int insideIndex, int hostIndex, String transientName, String link, int mtu) {}

    static Path file(RuntimeDir dir) {
        return dir.dir().resolve(FILE);
    }

    /** Whether the undo needs Java at all: a veth's host end alone goes with the namespace. */
    boolean needsWork() {
        return devices.stream().anyMatch(d -> d.phys() != null || d.down() != null || !d.proxies().isEmpty());
    }

    /** Undoes everything, each failure a warning (the container is stopping either way). */
    void run(Consumer<String> warnings) {
        if (devices.isEmpty()) return;
        NetlinkSocket inside = null;
        try (NetlinkSocket hostSocket = NetlinkSocket.open()) {
            if (netns != null && devices.stream().anyMatch(d -> d.phys() != null)) {
                try {
                    if (!sameNamespace()) throw new ErrnoException("open", netns, org.jlxc.linux.Errno.ENOENT);
                    inside = NetlinkSocket.openIn(Path.of(netns));
                } catch (ErrnoException e) {
                    // The shim is gone and the namespace with it: what the kernel gave back is renamed below.
                    warnings.accept("network: the container's network namespace (" + netns + ") is gone: "
                            + e.getMessage());
                }
            }
            undo(inside == null ? null : new RtNetlink(inside), new RtNetlink(hostSocket), devices, warnings);
        } catch (ErrnoException e) {
            warnings.accept("network: cannot open a netlink socket to undo the container's network: " + e.getMessage());
        } finally {
            if (inside != null) inside.close();
        }
    }

    /** Whether the path still names the namespace it named when the record was made. */
    private boolean sameNamespace() {
        try {
            return Files.readSymbolicLink(Path.of(netns)).toString().equals(netnsId);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** What a /proc/PID/fd/N or /proc/PID/ns/net link names now ("net:[INODE]"), or null. */
    static String namespaceId(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The undo itself, also for a start that fails while its sockets are open.
     *
     * @param inside a socket in the container's namespace, or null when it is gone
     */
    static void undo(RtNetlink inside, RtNetlink host, List<Device> devices, Consumer<String> warnings) {
        if (inside != null) {
            // All NICs out first, under names no host device has, as LXC: a rename could clash.
            NetnsRef here = NetnsRef.ofPid((int) ProcessHandle.current().pid());
            for (Device d : devices) {
                if (d.phys() == null) continue;
                PhysNic p = d.phys();
                try {
                    inside.moveToNetns(p.insideIndex(), here, p.transientName());
                } catch (NetlinkException | ErrnoException e) {
                    warnings.accept("network " + d.key() + ": cannot give " + p.link() + " back to the host: "
                            + e.getMessage());
                }
            }
        }
        for (Device d : devices) {
            for (Proxy p : d.proxies()) deleteProxy(host, d.key(), p, warnings);
            if (d.phys() != null) restoreNic(host, d.key(), d.phys(), warnings);
            if (d.down() != null) Hooks.runAfterStop(List.of(d.down()), warnings);
            if (d.hostVeth() != null) deleteLink(host, d.key(), d.hostVeth(), warnings);
        }
    }

    /** The NIC back under its own name and MTU, wherever it came back from (its transient name, or the kernel's return). */
    private static void restoreNic(RtNetlink host, String key, PhysNic p, Consumer<String> warnings) {
        try {
            Optional<Link> l = host.link(p.transientName());
            if (l.isEmpty()) l = host.links().stream().filter(x -> x.index() == p.hostIndex()).findFirst();
            if (l.isEmpty()) {
                warnings.accept("network " + key + ": " + p.link() + " did not come back to the host");
                return;
            }
            if (!l.get().name().equals(p.link())) host.setName(l.get().index(), p.link());
            if (l.get().mtu() != p.mtu()) host.setMtu(l.get().index(), p.mtu());
        } catch (NetlinkException | ErrnoException e) {
            warnings.accept("network " + key + ": cannot give " + p.link() + " its name and MTU back: " + e.getMessage());
        }
    }

    /**
     * LXC's lxc_delete_l2proxy: the loopback route (ipvlan), then the entry on the link. One that
     * is missing is fine (a start that failed before making it, an admin who removed it).
     */
    private static void deleteProxy(RtNetlink host, String key, Proxy p, Consumer<String> warnings) {
        try {
            java.net.InetAddress a = java.net.InetAddress.ofLiteral(p.address());
            if (p.loRoute()) {
                try {
                    host.deleteDeviceRoute(host.index("lo"), a, a.getAddress().length * 8);
                } catch (NetlinkException e) {
                    if (e.errno() != org.jlxc.linux.Errno.ESRCH) throw e; // no such route
                }
            }
            Optional<Link> link = host.link(p.link());
            if (link.isPresent()) host.deleteNeighProxy(link.get().index(), a);
        } catch (NetlinkException e) {
            if (e.errno() == org.jlxc.linux.Errno.ENOENT) return;
            warnings.accept("network " + key + ".l2proxy: cannot remove the proxy entry for " + p.address() + " on "
                    + p.link() + ": " + e.getMessage());
        } catch (ErrnoException | IllegalArgumentException e) {
            warnings.accept("network " + key + ".l2proxy: cannot remove the proxy entry for " + p.address() + " on "
                    + p.link() + ": " + e.getMessage());
        }
    }


    private static void deleteLink(RtNetlink host, String key, String name, Consumer<String> warnings) {
        try {
            Optional<Link> l = host.link(name);
            if (l.isPresent()) host.delete(l.get().index());
        } catch (NetlinkException e) {
            // ENODEV: the namespace's end took it with it meanwhile.
            if (e.errno() != org.jlxc.linux.Errno.ENODEV) {
                warnings.accept("network " + key + ": cannot delete " + name + ": " + e.getMessage());
            }
        } catch (ErrnoException e) {
            warnings.accept("network " + key + ": cannot delete " + name + ": " + e.getMessage());
        }
    }

    // ---- the runtime directory's file

    void save(RuntimeDir dir) throws IOException {
        Path file = file(dir);
        if (devices.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
            out.writeUTF(netns == null ? "" : netns);
            out.writeUTF(netnsId == null ? "" : netnsId);
            out.writeInt(devices.size());
            for (Device d : devices) {
                out.writeUTF(d.key());
                out.writeUTF(d.hostVeth() == null ? "" : d.hostVeth());
                out.writeBoolean(d.phys() != null);
                if (d.phys() != null) {
                    PhysNic p = d.phys();
                    out.writeInt(p.insideIndex());
                    out.writeInt(p.hostIndex());
                    out.writeUTF(p.transientName());
                    out.writeUTF(p.link());
                    out.writeInt(p.mtu());
                }
                out.writeInt(d.proxies().size());
                for (Proxy p : d.proxies()) {
                    out.writeUTF(p.link());
                    out.writeUTF(p.address());
                    out.writeBoolean(p.loRoute());
                }
                out.writeBoolean(d.down() != null);
                if (d.down() != null) Hooks.writeHook(out, d.down());
            }
        }
        // Whole or not at all: a start killed while writing must not leave half a record.
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run's record; empty when there is none, or when it is damaged (said as a warning). */
    static NetworkTeardown load(RuntimeDir dir, Consumer<String> warnings) {
        Path file = file(dir);
        if (!Files.exists(file)) return new NetworkTeardown(null, null, List.of());
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            String netns = in.readUTF();
            String netnsId = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > 4096) throw new IOException("bad count " + n);
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                String veth = in.readUTF();
                PhysNic phys = in.readBoolean()
                        ? new PhysNic(in.readInt(), in.readInt(), in.readUTF(), in.readUTF(), in.readInt()) : null;
                int np = in.readInt();
                if (np < 0 || np > 65536) throw new IOException("bad count " + np);
                List<Proxy> proxies = new ArrayList<>();
                for (int j = 0; j < np; j++) proxies.add(new Proxy(in.readUTF(), in.readUTF(), in.readBoolean()));
                HookCommand down = in.readBoolean() ? Hooks.readHook(in) : null;
                devices.add(new Device(key, veth.isEmpty() ? null : veth, phys, proxies, down));
            }
            return new NetworkTeardown(netns.isEmpty() ? null : netns, netnsId.isEmpty() ? null : netnsId, devices);
        } catch (IOException | RuntimeException e) {
            warnings.accept("cannot read what to undo of the container's network (" + file + "): " + e.getMessage());
            return new NetworkTeardown(null, null, List.of());
        }
    }
}
