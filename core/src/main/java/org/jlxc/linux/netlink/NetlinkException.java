package org.jlxc.linux.netlink;

import org.jlxc.linux.Errno;

/**
 * The kernel refused an rtnetlink request (NLMSG_ERROR with an errno): which operation, on
 * which object (a device name, an address), the errno, and the kernel's own extended-ack text
 * when it gave one ("Unknown device type"). When the refusal means this kernel lacks a feature
 * (a link type whose module is not there), {@link #missingFeature()} names it.
 */
public final class NetlinkException extends Exception {
    private final String operation;
    private final String object;
    private final int errno;
    private final String kernelMessage;
    private final String missingFeature;

    public NetlinkException(String operation, String object, int errno, String kernelMessage, String missingFeature) {
        super(null, null, false, false); // cheap: EEXIST/ENODEV are expected answers to probes
        this.operation = operation;
        this.object = object;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
        this.missingFeature = missingFeature;
    }

    public String operation() { return operation; }

    public String object() { return object; }

    public int errno() { return errno; }

    /** E.g. "EEXIST". */
    public String errnoName() { return Errno.name(errno); }

    /** The kernel's extended-ack message, or null. */
    public String kernelMessage() { return kernelMessage; }

    /** The kernel feature whose absence caused this, e.g. "vlan link type (kernel module 8021q)", or null. */
    public String missingFeature() { return missingFeature; }

    NetlinkException withMissingFeature(String feature) {
        return new NetlinkException(operation, object, errno, kernelMessage, feature);
    }

    @Override
    public String getMessage() {
        StringBuilder s = new StringBuilder(operation);
        if (object != null) s.append(' ').append(object);
        s.append(": ");
        if (missingFeature != null) s.append("this kernel has no ").append(missingFeature).append(": ");
        s.append(Errno.describe(errno));
        if (kernelMessage != null && !kernelMessage.isEmpty()) s.append(" - kernel says: ").append(kernelMessage);
        return s.toString();
    }
}
