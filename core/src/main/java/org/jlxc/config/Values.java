package org.jlxc.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The value types of the generic keys (numbers, booleans, signals, names...). */
final class Values {
    private Values() {
    }

    static final ValueType STRING = ValueType.of(v -> v);

    static final ValueType ABSOLUTE_PATH = ValueType.of(v -> {
        if (!v.startsWith("/")) {
            throw new InvalidValueException("not an absolute path");
        }
        return v;
    });

    static final ValueType UINT = ValueType.of(v -> (int) number(v, 0, Integer.MAX_VALUE));

    static final ValueType INT = ValueType.of(v -> (int) number(v, Integer.MIN_VALUE, Integer.MAX_VALUE));

    static final ValueType UINT_LONG = ValueType.of(v -> number(v, 0, Long.MAX_VALUE));

    static final ValueType BOOL = ValueType.of(v -> switch (v) {
        case "0" -> false;
        case "1" -> true;
        default -> throw new InvalidValueException("must be 0 or 1");
    }, o -> (Boolean) o ? "1" : "0");

    static final ValueType SIGNAL = ValueType.of(
            v -> Signals.parse(v).orElseThrow(() -> new InvalidValueException("not a signal")));

    /** LXC's log priorities; 5.x prints the name. */
    static final List<String> LOG_LEVELS =
            List.of("TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL");

    static final ValueType LOG_LEVEL = ValueType.of(v -> {
        if (v.length() == 1 && Character.isDigit(v.charAt(0))) {
            return (int) number(v, 0, LOG_LEVELS.size() - 1);
        }
        String name = v.toUpperCase(Locale.ROOT);
        int i = LOG_LEVELS.indexOf(name.equals("WARNING") ? "WARN" : name.equals("CRITICAL") ? "CRIT" : name);
        if (i < 0) {
            throw new InvalidValueException("not a log level (TRACE..FATAL or 0-8)");
        }
        return i;
    }, o -> LOG_LEVELS.get((Integer) o));

    /** The kernel takes any bytes up to 64 as a host name, and so does LXC ("my_box" is common). */
    static final ValueType HOST_NAME = ValueType.of(v -> {
        if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
            throw new InvalidValueException("longer than 64 bytes");
        }
        return v;
    });

    /** A name under /dev or a network interface name: one path component. */
    static ValueType name(int max) {
        return ValueType.of(v -> {
            if (v.length() > max || v.contains("/") || v.equals(".") || v.equals("..")) {
                throw new InvalidValueException("not a name of at most " + max + " characters");
            }
            return v;
        });
    }

    static ValueType oneOf(String... choices) {
        List<String> list = Arrays.asList(choices);
        return ValueType.of(v -> {
            if (!list.contains(v)) {
                throw new InvalidValueException("must be one of " + String.join(", ", list));
            }
            return v;
        });
    }

    static final ValueType CAPABILITY = ValueType.of(v -> {
        var cap = Capability.parse(v);
        if (cap.isEmpty()) {
            throw new InvalidValueException("unknown capability \"" + v + "\"");
        }
        return Capability.name(cap.getAsInt());
    });

    /** {@code lxc.cap.keep} also takes {@code none} (drop everything). */
    static final ValueType CAPABILITY_OR_NONE = ValueType.of(v -> v.equals("none") ? v : CAPABILITY.parse(v));

    static final List<String> NAMESPACES = List.of("mnt", "pid", "uts", "ipc", "net", "user", "cgroup", "time");

    static final ValueType NAMESPACE = ValueType.of(v -> {
        if (!NAMESPACES.contains(v)) {
            throw new InvalidValueException("unknown namespace \"" + v + "\"");
        }
        return v;
    });

    static final ValueType ARCH = oneOf("x86", "i386", "i486", "i586", "i686", "athlon", "linux32",
            "x86_64", "amd64", "linux64", "arm", "armel", "armhf", "armv7l", "armv7a", "athlon-fsr",
            "aarch64", "arm64", "ppc", "powerpc", "ppc64", "powerpc64", "ppc64el", "ppc64le", "s390x",
            "mips", "mipsel", "mips64", "mips64el", "riscv64", "sparc", "sparc64", "loongarch64", "loong64",
            "x32");

    /** {@code NAME=value} or {@code NAME} (inherit from the caller's environment). */
    static final ValueType ENVIRONMENT = ValueType.of(v -> {
        int eq = v.indexOf('=');
        String name = eq < 0 ? v : v.substring(0, eq);
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidValueException("not NAME=VALUE or NAME");
        }
        return v;
    });

    /** {@code lxc.init.groups}: comma-separated gids. */
    static final ValueType GIDS = ValueType.of(v -> {
        var out = new java.util.ArrayList<Object>();
        for (String g : v.split(",")) {
            out.add(number(g.strip(), 0, 0xFFFFFFFEL));
        }
        return List.copyOf(out);
    }, o -> String.join(",", ((List<?>) o).stream().map(String::valueOf).toList()));

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KB|MB|GB|K|M|G)", Pattern.CASE_INSENSITIVE);

    /** {@code auto} (-1) or a size in bytes with an optional KB/MB/GB suffix (console buffer sizes). */
    static final ValueType SIZE_OR_AUTO = ValueType.of(v -> {
        if (v.equals("auto")) {
            return -1L;
        }
        var m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new InvalidValueException("not a size (auto, N, NKB, NMB, NGB)");
        }
        long n = number(m.group(1), 0, Long.MAX_VALUE >> 30);
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K", "KB" -> n << 10;
            case "M", "MB" -> n << 20;
            case "G", "GB" -> n << 30;
            default -> n;
        };
    }, o -> (Long) o < 0 ? "auto" : o.toString());

    private static final Pattern TIME_OFFSET = Pattern.compile("-?\\d+(h|m|s|ms|us|ns)");

    static final ValueType TIME_OFFSET_VALUE = ValueType.of(v -> {
        if (!TIME_OFFSET.matcher(v).matches()) {
            throw new InvalidValueException("not a time offset such as -10s or 2h (h m s ms us ns)");
        }
        return v;
    });

    static final ValueType SYSLOG_FACILITY = oneOf("daemon", "local0", "local1", "local2", "local3",
            "local4", "local5", "local6", "local7");

    /** {@code soft[:hard]}, each a number or {@code unlimited}. */
    static final ValueType PRLIMIT = ValueType.of(v -> {
        int colon = v.indexOf(':');
        long soft = limit(colon < 0 ? v : v.substring(0, colon));
        long hard = colon < 0 ? soft : limit(v.substring(colon + 1));
        return new Prlimit(soft, hard);
    });

    private static long limit(String s) throws InvalidValueException {
        return s.equals("unlimited") ? Prlimit.UNLIMITED : number(s, 0, Long.MAX_VALUE);
    }

    static long number(String v, long min, long max) throws InvalidValueException {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("not a number");
        }
        if (n < min || n > max) {
            throw new InvalidValueException("out of range (" + min + ".." + max + ")");
        }
        return n;
    }
}
