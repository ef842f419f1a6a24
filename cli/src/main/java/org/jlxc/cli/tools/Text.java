package org.jlxc.cli.tools;

/**
 * Padding and two-decimal numbers for the tools' output, without java.util.Formatter:
 * String.format("%.2f") alone costs about 25 ms of a command's startup (BigDecimal too).
 */
final class Text {
    private Text() {}

    /** s padded with spaces on the right to width (as "%-Ns"). */
    static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** 0 to 99 as two digits (as "%02d"). */
    static String twoDigits(long v) {
        if (v < 0 || v > 99) throw new IllegalArgumentException("not two digits: " + v);
        return v < 10 ? "0" + v : Long.toString(v);
    }

    /**
     * v with two decimals, as C's printf("%.2f"): ties to even on the exact binary value, which
     * Math.rint gives for v * 100 (exact for the dyadic ties that can occur).
     */
    static String twoDecimals(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 1e15) {
            throw new IllegalArgumentException("not a printable amount: " + v);
        }
        long hundredths = (long) Math.rint(Math.abs(v) * 100);
        long frac = hundredths % 100;
        String sign = v < 0 ? "-" : ""; // also for what rounds to zero, as printf
        return sign + hundredths / 100 + (frac < 10 ? ".0" : ".") + frac;
    }
}
