package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resource use of a container's cgroup, as lxc-info shows it; null where the host lacks the
 * controller. Read from v1 controllers where mounted, else from the unified hierarchy.
 *
 * @param cpuNanos    CPU time used
 * @param blkioBytes  bytes read and written on block devices
 * @param memoryBytes memory used (v1 memory.usage_in_bytes; v2 anon + file, as LXC)
 * @param kmemBytes   kernel memory used (v1 memory.kmem.usage_in_bytes; v2 kernel_stack + pagetables + sock + slab)
 */
public record CgroupStats(Long cpuNanos, Long blkioBytes, Long memoryBytes, Long kmemBytes) {

    public static CgroupStats of(ContainerCgroup cgroup) {
        Long cpu = null, blkio = null, memory = null, kmem = null;
        for (Hierarchy h : cgroup.hierarchies()) {
            Path dir = cgroup.dirIn(h);
            if (h.has("cpuacct")) cpu = number(dir.resolve("cpuacct.usage"));
            if (h.has("memory")) {
                memory = number(dir.resolve("memory.usage_in_bytes"));
                kmem = number(dir.resolve("memory.kmem.usage_in_bytes"));
            }
            if (h.has("blkio")) blkio = blkioTotal(dir.resolve("blkio.throttle.io_service_bytes"));
        }
        for (Hierarchy h : cgroup.hierarchies()) {
            if (!h.unified()) continue;
            Path dir = cgroup.dirIn(h);
            if (cpu == null) {
                Long usec = keyed(dir.resolve("cpu.stat"), "usage_usec");
                cpu = usec == null ? null : usec * 1000;
            }
            if (memory == null) {
                // As lxc-info on cgroup2: user memory is anon + file, kernel memory the kernel's own entries.
                long[] m = memoryStat(dir.resolve("memory.stat"));
                if (m != null) {
                    memory = m[0];
                    kmem = m[1];
                }
            }
            if (blkio == null) blkio = ioTotal(dir.resolve("io.stat"));
        }
        return new CgroupStats(cpu, blkio, memory, kmem);
    }

    private static Long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** {user, kernel} bytes from a cgroup2 memory.stat, or null when unreadable. */
    private static long[] memoryStat(Path file) {
        try {
            return memoryStat(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    static long[] memoryStat(String stat) {
        long user = 0, kernel = 0;
        for (String line : stat.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 2) continue;
            long v;
            try {
                v = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            switch (f[0]) {
                case "anon", "file" -> user += v;
                case "kernel_stack", "pagetables", "sock", "slab" -> kernel += v;
                default -> { }
            }
        }
        return new long[] {user, kernel};
    }

    private static Long keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\\s+");
                if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The "Total N" line of blkio.throttle.io_service_bytes. */
    private static Long blkioTotal(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\\s+");
                if (f.length == 2 && f[0].equals("Total")) return Long.parseLong(f[1]);
            }
            return 0L;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** rbytes + wbytes of every device in io.stat. */
    private static Long ioTotal(Path file) {
        try {
            long total = 0;
            for (String line : Files.readAllLines(file)) {
                for (String field : line.split("\\s+")) {
                    if (field.startsWith("rbytes=") || field.startsWith("wbytes=")) {
                        total += Long.parseLong(field.substring(field.indexOf('=') + 1));
                    }
                }
            }
            return total;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
