/**
 * rtnetlink, the kernel's interface for network devices, addresses and routes, spoken directly
 * (jlxc runs no `ip`): what LXC's network.c and nl.c do with their own netlink code.
 *
 * <ul>
 *   <li>{@link org.jlxc.linux.netlink.NetlinkSocket}: an AF_NETLINK/NETLINK_ROUTE socket, in this
 *       network namespace or in another one (by pid, namespace file or fd; see its {@code openIn}
 *       for why a dedicated thread does the setns). One request at a time, answers read to the
 *       kernel's ACK or NLMSG_DONE.</li>
 *   <li>{@link org.jlxc.linux.netlink.RtNetlink}: one typed method per kernel operation (create
 *       veth (with queue counts)/macvlan/ipvlan/vlan/bridge, change and move links, dumps,
 *       addresses, routes (add and delete), neighbour proxy entries (LXC's l2proxy and veth
 *       router mode), VLANs on bridge ports and a bridge's vlan_filtering and default PVID).</li>
 *   <li>{@link org.jlxc.linux.netlink.NetlinkException}: a refusal, naming the operation, the
 *       device, the errno, the kernel's own message and, for a link type this kernel lacks, the
 *       missing feature.</li>
 *   <li>Package-private: {@code Requests} (the bytes of each request, in iproute2's attribute
 *       order so tests can compare them with {@code ip}'s), {@code MessageWriter},
 *       {@code NetlinkMessage} and {@code Attributes} (encoding and decoding, netlink's 4-byte
 *       alignment), {@code Uapi} (every number, from the kernel's uapi headers).</li>
 * </ul>
 *
 * <p>All system calls go through {@link org.jlxc.linux.NetCalls}, hence through the one downcall
 * of the Linux layer; structures are written at hand-computed offsets (no layout VarHandles: FFM
 * startup costs).
 */
package org.jlxc.linux.netlink;
