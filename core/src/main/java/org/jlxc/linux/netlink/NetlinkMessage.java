package org.jlxc.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of an answer: the nlmsghdr fields and the payload after it (family header and
 * attributes), as a buffer in the host's byte order positioned at 0.
 */
record NetlinkMessage(int type, int flags, int seq, ByteBuffer payload) {

    /** The messages of one datagram, walking nlmsg_len with NLMSG_ALIGN as the kernel lays them out. */
    static List<NetlinkMessage> parse(ByteBuffer datagram) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int at = b.position();
        int end = b.limit();
        while (end - at >= Uapi.NLMSG_HDRLEN) {
            int len = b.getInt(at);
            if (len < Uapi.NLMSG_HDRLEN || len > end - at) {
                throw new IllegalStateException("malformed netlink answer: message length " + len + " at " + at
                        + " of " + end);
            }
            int type = Short.toUnsignedInt(b.getShort(at + 4));
            int flags = Short.toUnsignedInt(b.getShort(at + 6));
            int seq = b.getInt(at + 8);
            ByteBuffer payload = b.slice(at + Uapi.NLMSG_HDRLEN, len - Uapi.NLMSG_HDRLEN).order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, payload));
            at += MessageWriter.align(len);
        }
        return out;
    }

    /** The attributes after a family header of the given length. */
    Attributes attributes(int familyHeaderLength) {
        return Attributes.parse(payload, familyHeaderLength);
    }

    /** For NLMSG_ERROR and NLMSG_DONE: the int after the header (0 or -errno). */
    int errorCode() {
        return payload.limit() >= 4 ? payload.getInt(0) : 0;
    }

    /**
     * For NLMSG_ERROR with NLM_F_ACK_TLVS: the kernel's extended-ack message (NLMSGERR_ATTR_MSG),
     * e.g. "Unknown device type"; null when there is none. The TLVs follow struct nlmsgerr: the error,
     * then the echoed request, whole or (NLM_F_CAPPED) only its header.
     */
    String extendedAckMessage() {
        if (type != Uapi.NLMSG_ERROR || (flags & Uapi.NLM_F_ACK_TLVS) == 0 || payload.limit() < 4 + Uapi.NLMSG_HDRLEN) {
            return null;
        }
        int echoed = (flags & Uapi.NLM_F_CAPPED) != 0 ? Uapi.NLMSG_HDRLEN : payload.getInt(4);
        int tlvs = 4 + MessageWriter.align(echoed);
        if (tlvs > payload.limit()) return null;
        return Attributes.parse(payload, tlvs).string(Uapi.NLMSGERR_ATTR_MSG);
    }
}
