package org.jlxc.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The attributes (struct nlattr) of a message or of a nest, by type; flag bits masked off. */
final class Attributes {
    private final Map<Integer, ByteBuffer> byType;

    private Attributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    static Attributes parse(ByteBuffer b, int from) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        int at = from;
        int end = b.limit();
        while (end - at >= Uapi.NLA_HDRLEN) {
            int len = Short.toUnsignedInt(b.getShort(at));
            if (len < Uapi.NLA_HDRLEN || len > end - at) break; // truncated tail: stop, as the kernel's nla_ok
            int type = Short.toUnsignedInt(b.getShort(at + 2)) & Uapi.NLA_TYPE_MASK;
            map.put(type, b.slice(at + Uapi.NLA_HDRLEN, len - Uapi.NLA_HDRLEN).order(ByteOrder.nativeOrder()));
            at += MessageWriter.align(len);
        }
        return new Attributes(map);
    }

    boolean has(int type) {
        return byType.containsKey(type);
    }

    /** u32 value, or the fallback when absent. */
    int u32(int type, int fallback) {
        ByteBuffer v = byType.get(type);
        return v == null || v.limit() < 4 ? fallback : v.getInt(0);
    }

    /** u16 value, or the fallback when absent. */
    int u16(int type, int fallback) {
        ByteBuffer v = byType.get(type);
        return v == null || v.limit() < 2 ? fallback : Short.toUnsignedInt(v.getShort(0));
    }

    /** u8 value, or the fallback when absent. */
    int u8(int type, int fallback) {
        ByteBuffer v = byType.get(type);
        return v == null || v.limit() < 1 ? fallback : Byte.toUnsignedInt(v.get(0));
    }

    /** A NUL-terminated string, or null when absent. */
    String string(int type) {
        ByteBuffer v = byType.get(type);
        if (v == null) return null;
        int n = 0;
        while (n < v.limit() && v.get(n) != 0) n++;
        byte[] s = new byte[n];
        v.get(0, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** The raw payload, or null when absent. */
    byte[] bytes(int type) {
        ByteBuffer v = byType.get(type);
        if (v == null) return null;
        byte[] out = new byte[v.limit()];
        v.get(0, out);
        return out;
    }

    /** The attributes inside a nested attribute (empty when absent). */
    Attributes nested(int type) {
        ByteBuffer v = byType.get(type);
        return v == null ? new Attributes(Map.of()) : parse(v, 0);
    }
}
