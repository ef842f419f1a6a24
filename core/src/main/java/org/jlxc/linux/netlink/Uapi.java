package org.jlxc.linux.netlink;

/**
 * The kernel's rtnetlink numbers, in one place, each from the uapi header named above it
 * (checked against Linux 6.x include/uapi/linux/). Values are ABI: they never change.
 */
final class Uapi {
    private Uapi() {}

    // linux/socket.h, linux/netlink.h
    static final int AF_UNSPEC = 0, AF_INET = 2, AF_BRIDGE = 7, AF_NETLINK = 16, AF_INET6 = 10;
    static final int SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11;
    static final int MSG_TRUNC = 0x20;

    // linux/netlink.h: struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; }
    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4;
    static final int NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    static final int NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the echoed request is cut to its header / TLVs follow. */
    static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;
    /** struct nlattr { u16 len; u16 type; }; the top two type bits are flags. */
    static final int NLA_HDRLEN = 4, NLA_TYPE_MASK = 0x3fff;

    // linux/rtnetlink.h
    static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19;
    static final int RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24, RTM_DELROUTE = 25;
    static final int RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29;
    /** struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; } */
    static final int RTMSG_LEN = 12;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253;
    static final int RTN_UNICAST = 1;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5;
    /** struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; } */
    static final int IFINFOMSG_LEN = 16;

    // linux/if_link.h
    static final int IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5,
            IFLA_MASTER = 10, IFLA_LINKINFO = 18, IFLA_NET_NS_PID = 19, IFLA_AF_SPEC = 26, IFLA_NET_NS_FD = 28,
            IFLA_NUM_TX_QUEUES = 31, IFLA_NUM_RX_QUEUES = 32;
    static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    /** Inside a bridge's IFLA_INFO_DATA: vlan_filtering is a u8, the default PVID a u16. */
    static final int IFLA_BR_VLAN_FILTERING = 7, IFLA_BR_VLAN_DEFAULT_PVID = 39;
    /** Inside IFLA_AF_SPEC of an AF_BRIDGE request. */
    static final int IFLA_BRIDGE_FLAGS = 0, IFLA_BRIDGE_VLAN_INFO = 2;
    static final int BRIDGE_FLAGS_MASTER = 1;
    /** struct bridge_vlan_info { u16 flags; u16 vid; }. */
    static final int BRIDGE_VLAN_INFO_PVID = 0x2, BRIDGE_VLAN_INFO_UNTAGGED = 0x4;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int MACVLAN_MODE_PRIVATE = 1, MACVLAN_MODE_VEPA = 2, MACVLAN_MODE_BRIDGE = 4,
            MACVLAN_MODE_PASSTHRU = 8;
    static final int IFLA_VLAN_ID = 1;
    static final int IFLA_IPVLAN_MODE = 1, IFLA_IPVLAN_FLAGS = 2;
    static final int IPVLAN_MODE_L2 = 0, IPVLAN_MODE_L3 = 1, IPVLAN_MODE_L3S = 2;
    static final int IPVLAN_F_PRIVATE = 0x01, IPVLAN_F_VEPA = 0x02;

    // linux/veth.h
    static final int VETH_INFO_PEER = 1;

    // linux/if_addr.h: struct ifaddrmsg { u8 family, prefixlen, flags, scope; u32 index; }
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4;

    // linux/neighbour.h: struct ndmsg { u8 family; u8 pad1; u16 pad2; s32 ifindex; u16 state; u8 flags; u8 type; }
    static final int NDMSG_LEN = 12;
    static final int NDA_DST = 1;
    static final int NTF_PROXY = 0x08;
    static final int NUD_PERMANENT = 0x80;

    // linux/if.h
    static final int IFF_UP = 0x1;
}
