package org.jlxc.seccomp;

/**
 * One `[index,value,OP]` or `[index,value,SCMP_CMP_MASKED_EQ,mask]` of a rule: the call's
 * argument `index` (0-5, 64 bits) compared with `value`, unsigned, as libseccomp's SCMP_CMP.
 * For MASKED_EQ the rule matches when `(arg & mask) == value`.
 */
public record ArgCondition(int index, long value, Compare op, long mask) {
    /** libseccomp's scmp_compare, with the spellings LXC accepts for each. */
    public enum Compare {
        NE("SCMP_CMP_NE", "!="), LT("SCMP_CMP_LT", "<"), LE("SCMP_CMP_LE", "<="), EQ("SCMP_CMP_EQ", "=="),
        GE("SCMP_CMP_GE", ">="), GT("SCMP_CMP_GT", ">"), MASKED_EQ("SCMP_CMP_MASKED_EQ", "&=");

        private final String name, symbol;

        Compare(String name, String symbol) {
            this.name = name;
            this.symbol = symbol;
        }

        /** null when s is neither spelling. */
        static Compare of(String s) {
            for (Compare c : values()) {
                if (c.name.equals(s) || c.symbol.equals(s)) return c;
            }
            return null;
        }
    }

    /** Whether a 64-bit argument value meets the condition (the reference the filter is tested against). */
    public boolean test(long arg) {
        return switch (op) {
            case NE -> arg != value;
            case LT -> Long.compareUnsigned(arg, value) < 0;
            case LE -> Long.compareUnsigned(arg, value) <= 0;
            case EQ -> arg == value;
            case GE -> Long.compareUnsigned(arg, value) >= 0;
            case GT -> Long.compareUnsigned(arg, value) > 0;
            case MASKED_EQ -> (arg & mask) == value;
        };
    }
}
