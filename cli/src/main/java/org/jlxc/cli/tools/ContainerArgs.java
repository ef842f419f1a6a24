package org.jlxc.cli.tools;

import java.util.function.Consumer;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.UsageException;
import org.jlxc.config.ConfigException;
import org.jlxc.config.Origin;

/**
 * The container a start-like tool works on: -n in -P, with -f RCFILE loaded instead of its
 * own config and the -s KEY=VAL defines applied after it, as lxc-start and lxc-execute do.
 */
final class ContainerArgs {
    private ContainerArgs() {}

    static Container load(Invocation inv, Consumer<String> warnings) throws UsageException, ConfigException {
        Container c = new Container(inv.name(), inv.lxcpath(), warnings);
        if (inv.rcfile() != null) {
            c.loadConfig(inv.rcfile());
        } else {
            c.config();
        }
        for (String define : inv.values("define")) {
            int eq = define.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("invalid define \"" + define + "\": expected KEY=VALUE");
            }
            c.setConfigItem(define.substring(0, eq).strip(), define.substring(eq + 1).strip(), Origin.commandLine());
        }
        return c;
    }

    /**
     * The process exit code for init's wait status: its exit code, 0 when it was halted
     * (SIGINT from reboot(2) in its PID namespace) and 128+N when a signal N killed it.
     */
    static int exitCode(int waitStatus, boolean haltIsSuccess) {
        int signal = waitStatus & 0x7f;
        if (signal == 0) {
            return (waitStatus >> 8) & 0xff;
        }
        return haltIsSuccess && signal == 2 ? 0 : 128 + signal;
    }
}
