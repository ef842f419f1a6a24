package org.jlxc.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes a plan in the binary format of native/PLAN.md (version 1). */
public final class PlanWriter {
    public static final byte[] MAGIC = "JLXCPLAN".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int MAX_STRING = 65536, MAX_COUNT = 65536;
    private static final int FLAG_OPTIONAL = 1;

    private PlanWriter() {}

    public static byte[] write(Plan plan) {
        Buffer out = new Buffer();
        out.bytes(MAGIC);
        out.u32(VERSION);
        out.u32(count(plan.size()));
        for (Step step : plan.steps()) {
            Buffer payload = new Buffer();
            int code = encode(step.op(), payload);
            out.u16(code);
            out.u16(step.optional() ? FLAG_OPTIONAL : 0);
            out.u32(payload.size());
            out.bytes(payload.toByteArray());
        }
        return out.toByteArray();
    }

    /** Writes the op's fields into payload; returns its opcode. */
    private static int encode(Op op, Buffer p) {
        return switch (op) {
            case Op.Namespaces o -> { p.u64(o.cloneFlags()); yield 1; }
            case Op.ShareNs o -> { p.u32(o.nstype()); p.str(o.path()); yield 2; }
            case Op.Console o -> { p.u32(o.mode()); yield 3; }
            case Op.Mount o -> {
                p.str(o.source()); p.str(o.target()); p.str(o.fstype()); p.u64(o.flags()); p.str(o.data());
                p.u32(o.resolve());
                yield 10;
            }
            case Op.Mkdir o -> { p.str(o.path()); p.u32(o.mode()); p.u32(o.resolve()); yield 11; }
            case Op.Mknod o -> { p.str(o.path()); p.u32(o.mode()); p.u64(o.dev()); p.u32(o.resolve()); yield 12; }
            case Op.Symlink o -> { p.str(o.target()); p.str(o.path()); p.u32(o.resolve()); yield 13; }
            case Op.CreateFile o -> { p.str(o.path()); p.u32(o.mode()); p.u32(o.resolve()); yield 14; }
            case Op.Rootfs o -> { p.str(o.path()); yield 15; }
            case Op.PivotRoot o -> 16;
            case Op.SetHostname o -> { p.str(o.name()); yield 17; }
            case Op.CapBoundDrop o -> { p.u64(o.mask()); yield 18; }
            case Op.SetRlimit o -> { p.u32(o.resource()); p.u64(o.soft()); p.u64(o.hard()); yield 19; }
            case Op.Ids o -> { p.u32(o.uid()); p.u32(o.gid()); p.u32v(o.groups()); yield 20; }
            case Op.Chdir o -> { p.str(o.path()); yield 21; }
            case Op.Env o -> { p.strv(o.entries()); yield 22; }
            case Op.Exec o -> { p.strv(o.argv()); yield 23; }
            case Op.ExecInit o -> { p.strv(o.argv()); yield 24; }
            case Op.ConsoleMount o -> { p.str(o.target()); p.u32(o.resolve()); yield 25; }
            case Op.WriteFile o -> { p.str(o.path()); p.str(o.content()); p.u32(o.resolve()); yield 26; }
            case Op.Umount o -> { p.str(o.target()); p.u32(o.flags()); p.u32(o.resolve()); yield 27; }
            case Op.Unshare o -> { p.u64(o.flags()); yield 28; }
            case Op.Ttys o -> { p.u32(o.count()); yield 29; }
            case Op.TtyMount o -> { p.u32(o.index()); p.str(o.target()); p.u32(o.resolve()); yield 30; }
            case Op.OnExit o -> { p.strv(o.argv()); yield 31; }
            case Op.ConsoleLog o -> { p.str(o.path()); yield 32; }
            case Op.Hook o -> { p.strv(o.argv()); p.strv(o.env()); yield 33; }
            case Op.StartHost o -> 34;
            case Op.KeepNs o -> { p.u64(o.flags()); yield 35; }
        };
    }

    private static int count(int n) {
        if (n > MAX_COUNT) {
            throw new IllegalArgumentException("plan list too long: " + n + " > " + MAX_COUNT);
        }
        return n;
    }

    /** Little-endian output. */
    private static final class Buffer extends ByteArrayOutputStream {
        void u16(int v) { write(v); write(v >>> 8); }
        void u32(int v) { u16(v); u16(v >>> 16); }
        void u64(long v) { u32((int) v); u32((int) (v >>> 32)); }
        void bytes(byte[] b) { writeBytes(b); }

        void str(String s) {
            String v = s == null ? "" : s;
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL byte in plan string: " + v);
            }
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING) {
                throw new IllegalArgumentException("plan string too long (" + b.length + " bytes)");
            }
            u32(b.length);
            bytes(b);
        }

        void strv(List<String> list) {
            u32(count(list.size()));
            list.forEach(this::str);
        }

        void u32v(List<Integer> list) {
            u32(count(list.size()));
            list.forEach(this::u32);
        }
    }
}
