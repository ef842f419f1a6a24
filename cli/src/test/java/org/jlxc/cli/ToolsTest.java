package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ToolsTest {
    @Test
    void everyToolIsRegisteredUnderItsOwnName() {
        for (String name : Tools.names()) assertThat(Tools.find(name).name()).isEqualTo(name);
        assertThat(Tools.find("nosuch")).isNull();
        assertThat(Tools.names()).contains("config", "install");
    }

    @Test
    void everyToolsOptionsMergeWithTheCommonOnesAndRender() {
        for (Tool t : Tools.all()) {
            var options = CommonOptions.merge(t.options());
            assertThatCode(() -> new Getopt(options, Getopt.Ordering.PERMUTE)).as(t.name()).doesNotThrowAnyException();
            assertThat(t.description()).as(t.name()).contains(t.name()).endsWith("\n");
            assertThat(t.summary()).as(t.name()).isNotBlank().doesNotContain("\n");
            assertThat(Help.tool(t, options)).contains("Common options :");
        }
    }
}
