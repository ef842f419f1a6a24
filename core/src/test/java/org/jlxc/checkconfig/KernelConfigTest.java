package org.jlxc.checkconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
    private static final String FIXTURE = """
            #
            # Automatically generated file; DO NOT EDIT.
            # Linux/x86 6.1.12 Kernel Configuration
            #
            CONFIG_NAMESPACES=y
            CONFIG_VETH=m
            # CONFIG_VLAN_8021Q is not set
            CONFIG_LOG_BUF_SHIFT=17
            CONFIG_DEFAULT_HOSTNAME="(none)"
            """;

    @Test
    void builtInAndModulesAreSetOthersAreNot() {
        KernelConfig c = KernelConfig.parse(Path.of("x"), FIXTURE);
        assertThat(c.isSet("CONFIG_NAMESPACES")).isTrue();
        assertThat(c.isSet("CONFIG_VETH")).as("a module").isTrue();
        assertThat(c.isSet("CONFIG_VLAN_8021Q")).as("commented out").isFalse();
        assertThat(c.isSet("CONFIG_LOG_BUF_SHIFT")).as("a number").isFalse();
        assertThat(c.isSet("CONFIG_NOT_THERE")).isFalse();
        assertThat(c.values()).containsEntry("CONFIG_DEFAULT_HOSTNAME", "\"(none)\"");
        assertThat(c.major()).isEqualTo(6);
        assertThat(c.minor()).isEqualTo(1);
    }

    @Test
    void withoutAVersionHeaderTheLatestIsAssumedAsTheScriptDoes() {
        KernelConfig c = KernelConfig.parse(Path.of("x"), "CONFIG_PID_NS=y\n");
        assertThat(c.major()).isEqualTo(100);
        assertThat(c.isSet("CONFIG_PID_NS")).isTrue();
    }

    @Test
    void gzipOrPlainFilesReadAlike(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("config"), FIXTURE);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(FIXTURE.getBytes());
        }
        Path zipped = Files.write(dir.resolve("config.gz"), gz.toByteArray());
        assertThat(KernelConfig.read(zipped).values()).isEqualTo(KernelConfig.read(plain).values());
        assertThat(KernelConfig.locate(plain.toString(), "0.0-none")).isEqualTo(plain);
    }
}
