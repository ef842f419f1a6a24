package org.jlxc.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A message of the sync socket between Java and the shim (native/PLAN.md, "The sync socket"). */
public sealed interface ShimMessage {
    int PLAN = 1, CHILD_PID = 2, GO = 3, OP_FAILED = 4, RUNNING = 5, EXITED = 6, SHIM_FAILED = 7, WARNING = 8,
            LOCKED = 9, DONE = 10, START_HOST = 11, CONTINUE = 12, NAMESPACES = 13;
    /** Command socket: a daemon's exit command asks its shim for a new start (a reboot). */
    int RESTART = 27;
    /** Command socket: the answer to a refused RESTART. */
    int RESULT = 23;

    record Locked(int shimPid) implements ShimMessage {}
    record ChildPid(int pid) implements ShimMessage {}
    record OpFailed(int opIndex, int errno, String detail) implements ShimMessage {}
    record Running() implements ShimMessage {}
    record Exited(int waitStatus) implements ShimMessage {
        public boolean signaled() { return (waitStatus & 0x7f) != 0 && (waitStatus & 0x7f) != 0x7f; }
        public int termSignal() { return waitStatus & 0x7f; }
        public int exitCode() { return (waitStatus >> 8) & 0xff; }
    }
    record ShimFailed(int errno, String what) implements ShimMessage {}
    record Warning(int opIndex, int errno, String detail) implements ShimMessage {}
    /** The child reached plan op START_HOST: Java runs the start-host hooks, then says CONTINUE. */
    record StartHost(int opIndex) implements ShimMessage {}
    /**
     * The namespaces the shim keeps for lxc.hook.stop, as the hook gets them: "TYPE:/proc/PID/fd/N"
     * (valid while the shim lives), in LXC's order.
     */
    record Namespaces(java.util.List<String> entries) implements ShimMessage {}
    /** RESTART refused (EBUSY: the shim is not waiting for its exit command). */
    record Result(int errno) implements ShimMessage {}

    /** Decodes a message the shim sent. */
    static ShimMessage decode(int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        ShimMessage m = switch (type) {
            case LOCKED -> new Locked(b.getInt());
            case CHILD_PID -> new ChildPid(b.getInt());
            case OP_FAILED -> new OpFailed(b.getInt(), b.getInt(), str(b));
            case RUNNING -> new Running();
            case EXITED -> new Exited(b.getInt());
            case SHIM_FAILED -> new ShimFailed(b.getInt(), str(b));
            case WARNING -> new Warning(b.getInt(), b.getInt(), str(b));
            case START_HOST -> new StartHost(b.getInt());
            case RESULT -> new Result(b.getInt());
            case NAMESPACES -> {
                String text = new String(payload, StandardCharsets.UTF_8);
                b.position(payload.length);
                yield new Namespaces(text.isEmpty() ? java.util.List.of() : java.util.List.of(text.split("\n")));
            }
            default -> throw new IllegalArgumentException("unknown message type " + type + " from the shim");
        };
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("message type " + type + " from the shim has "
                    + b.remaining() + " extra bytes");
        }
        return m;
    }

    private static String str(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + len + " in a message from the shim");
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
