package org.jlxc.linux.netlink;

/**
 * A network namespace named to the kernel in a link request: by a process living in it
 * (IFLA_NET_NS_PID) or by an open namespace fd (IFLA_NET_NS_FD, e.g. of /run/netns/NAME).
 */
public sealed interface NetnsRef {
    record Pid(int pid) implements NetnsRef {}

    record Fd(int fd) implements NetnsRef {}

    static NetnsRef ofPid(int pid) {
        return new Pid(pid);
    }

    static NetnsRef ofFd(int fd) {
        return new Fd(fd);
    }
}
