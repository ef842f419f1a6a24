package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryFiguresTest {
    @Test
    void swapIsTheV1SwapLine() {
        assertThat(SwapUse.fromMemoryStat("cache 4096\nrss 8192\nswap 3145728\nswapcached 0\n")).isEqualTo(3145728);
    }

    @Test
    void cgroup2HasOnlySwapcachedWhichReadsAsZeroAsInLxc() {
        assertThat(SwapUse.fromMemoryStat("anon 1\nfile 2\nswapcached 77\n")).isZero();
        assertThat(SwapUse.fromMemoryStat("anon 1\n")).isZero();
    }

    @Test
    void cgroup2MemoryIsAnonPlusFileAndKernelItsOwnEntries() {
        long[] m = CgroupStats.memoryStat("anon 100\nfile 20\nkernel 999\nkernel_stack 3\npagetables 4\nsock 5\nslab 6\nslab_reclaimable 1\n");
        assertThat(m).containsExactly(120, 18);
    }
}
