package org.jlxc.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The system call ABIs a filter covers on an x86_64 host, as LXC's profile loader adds them
 * (its native context plus the i386 and x32 compat contexts). x32 shares x86_64's audit arch;
 * its calls are told apart by the __X32_SYSCALL_BIT in the number.
 */
public enum Arch {
    X86_64(0xC000003E, "x86_64"),
    X32(0xC000003E, "x32"),
    I386(0x40000003, "i386");

    /** The bit every x32 system call number has (asm/unistd_x32.h). */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    /** AUDIT_ARCH_* of linux/audit.h: what seccomp_data.arch holds. */
    public final int auditArch;
    private final String resource;
    private volatile Map<String, Integer> table;

    Arch(int auditArch, String resource) {
        this.auditArch = auditArch;
        this.resource = resource;
    }

    /** The number of a system call by its name in this ABI, or -1 when it has no such call. */
    public int number(String name) {
        return numbers().getOrDefault(name, -1);
    }

    /** Loaded on first use: most starts have no profile. */
    private Map<String, Integer> numbers() {
        Map<String, Integer> t = table;
        if (t == null) {
            t = load(resource + ".syscalls");
            table = t;
        }
        return t;
    }

    /** NAME NUMBER lines, generated once from the kernel's UAPI headers (see the files' headers). */
    private static Map<String, Integer> load(String name) {
        Map<String, Integer> map = new HashMap<>();
        try (InputStream in = Arch.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource org/jlxc/seccomp/" + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int space = line.indexOf(' ');
                map.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
