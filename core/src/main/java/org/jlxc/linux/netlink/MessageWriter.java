package org.jlxc.linux.netlink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: the nlmsghdr, a fixed family header (ifinfomsg, ifaddrmsg, rtmsg,
 * ndmsg),
 * then attributes, possibly nested. Integers are in the host's byte order (netlink is not a wire
 * protocol: it never leaves the machine); addresses are in network order as the kernel keeps them.
 * Alignment as in linux/netlink.h: every message and attribute starts on a 4-byte boundary
 * (NLMSG_ALIGN, NLA_ALIGN); an attribute's length counts its header and payload but not its padding,
 * a nest's length counts everything inside it including the inner padding.
 * The sequence number is left 0: {@link NetlinkSocket} stamps its own when sending.
 */
final class MessageWriter {
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private byte[] buf = new byte[256];
    private int pos;
    private final int[] nests = new int[8];
    private int depth;

    MessageWriter(int type, int flags) {
        pos = Uapi.NLMSG_HDRLEN;
        putU16(4, type);
        putU16(6, flags);
    }

    /** struct ifinfomsg. */
    MessageWriter ifinfomsg(int family, int index, int flags, int change) {
        int at = grow(Uapi.IFINFOMSG_LEN);
        buf[at] = (byte) family;
        putU32(at + 4, index);
        putU32(at + 8, flags);
        putU32(at + 12, change);
        return this;
    }

    /** struct ifaddrmsg. */
    MessageWriter ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
        int at = grow(Uapi.IFADDRMSG_LEN);
        buf[at] = (byte) family;
        buf[at + 1] = (byte) prefixLength;
        buf[at + 2] = (byte) flags;
        buf[at + 3] = (byte) scope;
        putU32(at + 4, index);
        return this;
    }

    /** struct ndmsg (the pads 0). */
    MessageWriter ndmsg(int family, int index, int state, int flags, int type) {
        int at = grow(Uapi.NDMSG_LEN);
        buf[at] = (byte) family;
        putU32(at + 4, index);
        putU16(at + 8, state);
        buf[at + 10] = (byte) flags;
        buf[at + 11] = (byte) type;
        return this;
    }

    /** struct rtmsg (src_len, tos and flags 0). */
    MessageWriter rtmsg(int family, int dstLength, int table, int protocol, int scope, int type) {
        int at = grow(Uapi.RTMSG_LEN);
        buf[at] = (byte) family;
        buf[at + 1] = (byte) dstLength;
        buf[at + 4] = (byte) table;
        buf[at + 5] = (byte) protocol;
        buf[at + 6] = (byte) scope;
        buf[at + 7] = (byte) type;
        return this;
    }

    MessageWriter u16(int type, int value) {
        int at = attr(type, 2);
        putU16(at, value);
        return this;
    }

    MessageWriter u32(int type, int value) {
        int at = attr(type, 4);
        putU32(at, value);
        return this;
    }

    /** Two u16 in one attribute: a struct of two shorts such as bridge_vlan_info { flags; vid; }. */
    MessageWriter u16Pair(int type, int first, int second) {
        int at = attr(type, 4);
        putU16(at, first);
        putU16(at + 2, second);
        return this;
    }

    /** A NUL-terminated string (IFLA_IFNAME, IFLA_INFO_KIND). */
    MessageWriter string(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        int at = attr(type, s.length + 1);
        System.arraycopy(s, 0, buf, at, s.length);
        return this;
    }

    /**
     * A string without its NUL, as iproute2 sends IFLA_INFO_KIND (the kernel's policy for it is
     * NLA_STRING, which takes either form); kept so requests match `ip`'s byte for byte.
     */
    MessageWriter kind(int type, String value) {
        return bytes(type, value.getBytes(StandardCharsets.UTF_8));
    }

    MessageWriter bytes(int type, byte[] value) {
        int at = attr(type, value.length);
        System.arraycopy(value, 0, buf, at, value.length);
        return this;
    }

    /** Opens a nested attribute; what follows goes inside it until {@link #end()}. */
    MessageWriter begin(int type) {
        nests[depth++] = attr(type, 0) - Uapi.NLA_HDRLEN;
        return this;
    }

    /**
     * Closes the innermost nest. A nest may also hold a family header: VETH_INFO_PEER carries a whole
     * ifinfomsg before the peer's attributes ({@link #ifinfomsg} writes at the current position).
     */
    MessageWriter end() {
        int at = nests[--depth];
        putU16(at, pos - at);
        return this;
    }

    /** The finished request (nlmsg_len set, seq 0). */
    byte[] bytes() {
        if (depth != 0) throw new IllegalStateException("unclosed nested attribute");
        putU32(0, pos);
        return Arrays.copyOf(buf, pos);
    }

    /** Appends an attribute header and room for its payload (padded); returns the payload's offset. */
    private int attr(int type, int payload) {
        int at = grow(align(Uapi.NLA_HDRLEN + payload));
        putU16(at, Uapi.NLA_HDRLEN + payload);
        putU16(at + 2, type);
        return at + Uapi.NLA_HDRLEN;
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private int grow(int n) {
        if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        int at = pos;
        pos += n;
        return at;
    }

    private void putU16(int at, int v) {
        if (LITTLE) {
            buf[at] = (byte) v;
            buf[at + 1] = (byte) (v >>> 8);
        } else {
            buf[at] = (byte) (v >>> 8);
            buf[at + 1] = (byte) v;
        }
    }

    private void putU32(int at, int v) {
        if (LITTLE) {
            buf[at] = (byte) v;
            buf[at + 1] = (byte) (v >>> 8);
            buf[at + 2] = (byte) (v >>> 16);
            buf[at + 3] = (byte) (v >>> 24);
        } else {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }
    }
}
