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
        // An if chain, not a pattern switch: that spins a class at run time (~10 ms of every start).
        // PlanRoundTripTest checks that every kind of op is encoded.
        if (op instanceof Op.Namespaces o) { p.u64(o.cloneFlags()); return 1; }
        if (op instanceof Op.ShareNs o) { p.u32(o.nstype()); p.str(o.path()); return 2; }
        if (op instanceof Op.Console o) { p.u32(o.mode()); return 3; }
        if (op instanceof Op.Mount o) {
            p.str(o.source()); p.str(o.target()); p.str(o.fstype()); p.u64(o.flags()); p.str(o.data());
            p.u32(o.resolve());
            return 10;
        }
        if (op instanceof Op.Mkdir o) { p.str(o.path()); p.u32(o.mode()); p.u32(o.resolve()); return 11; }
        if (op instanceof Op.Mknod o) { p.str(o.path()); p.u32(o.mode()); p.u64(o.dev()); p.u32(o.resolve()); return 12; }
        if (op instanceof Op.Symlink o) { p.str(o.target()); p.str(o.path()); p.u32(o.resolve()); return 13; }
        if (op instanceof Op.CreateFile o) { p.str(o.path()); p.u32(o.mode()); p.u32(o.resolve()); return 14; }
        if (op instanceof Op.Rootfs o) { p.str(o.path()); return 15; }
        if (op instanceof Op.PivotRoot) return 16;
        if (op instanceof Op.SetHostname o) { p.str(o.name()); return 17; }
        if (op instanceof Op.CapBoundDrop o) { p.u64(o.mask()); return 18; }
        if (op instanceof Op.SetRlimit o) { p.u32(o.resource()); p.u64(o.soft()); p.u64(o.hard()); return 19; }
        if (op instanceof Op.Personality o) { p.u64(o.persona()); return 51; }
        if (op instanceof Op.NoNewPrivs) return 52;
        if (op instanceof Op.Keyring) return 53;
        if (op instanceof Op.Pdeathsig o) { p.u32(o.signal()); return 55; }
        if (op instanceof Op.Timens o) {
            p.u64(o.bootSec()); p.u32(o.bootNsec()); p.u64(o.monoSec()); p.u32(o.monoNsec());
            return 54;
        }
        if (op instanceof Op.UsernsRoot) return 60;
        if (op instanceof Op.ConsoleOwner o) { p.u32(o.uid()); p.u32(o.gid()); return 61; }
        if (op instanceof Op.Ids o) { p.u32(o.uid()); p.u32(o.gid()); p.u32v(o.groups()); return 20; }
        if (op instanceof Op.Chdir o) { p.str(o.path()); return 21; }
        if (op instanceof Op.Env o) { p.strv(o.entries()); return 22; }
        if (op instanceof Op.Exec o) { p.strv(o.argv()); return 23; }
        if (op instanceof Op.ExecInit o) { p.strv(o.argv()); return 24; }
        if (op instanceof Op.ConsoleMount o) { p.str(o.target()); p.u32(o.resolve()); return 25; }
        if (op instanceof Op.WriteFile o) { p.str(o.path()); p.str(o.content()); p.u32(o.resolve()); return 26; }
        if (op instanceof Op.Umount o) { p.str(o.target()); p.u32(o.flags()); p.u32(o.resolve()); return 27; }
        if (op instanceof Op.Unshare o) { p.u64(o.flags()); return 28; }
        if (op instanceof Op.Ttys o) { p.u32(o.count()); return 29; }
        if (op instanceof Op.TtyMount o) { p.u32(o.index()); p.str(o.target()); p.u32(o.resolve()); return 30; }
        if (op instanceof Op.OnExit o) { p.strv(o.argv()); return 31; }
        if (op instanceof Op.ConsoleLog o) { p.str(o.path()); return 32; }
        if (op instanceof Op.Hook o) { p.strv(o.argv()); p.strv(o.env()); return 33; }
        if (op instanceof Op.StartHost) return 34;
        if (op instanceof Op.KeepNs o) { p.u64(o.flags()); return 35; }
        if (op instanceof Op.ConsolePeer o) { p.str(o.path()); return 40; }
        if (op instanceof Op.ConsoleLogSize o) { p.u64(o.size()); p.u32(o.rotate() ? 1 : 0); return 41; }
        if (op instanceof Op.ConsoleBuffer o) { p.u64(o.size()); return 42; }
        if (op instanceof Op.LeaveCgroup o) { p.strv(o.procs()); p.strv(o.rmdirs()); return 48; }
        if (op instanceof Op.Seccomp o) { p.u32(o.flags()); p.bytes32(o.program()); return 50; }
        if (op instanceof Op.Cleanup o) { p.u32(o.unlessSignal()); p.strv(o.rmdirs()); p.strv(o.unlinks()); p.strv(o.killFiles()); p.str(o.freezer()); return 43; }
        throw new IllegalArgumentException("no encoding for " + op);
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

        /** A byte string: u32 length, the bytes (NUL bytes allowed). */
        void bytes32(byte[] b) {
            if (b.length > MAX_STRING) {
                throw new IllegalArgumentException("plan byte string too long (" + b.length + " bytes)");
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
