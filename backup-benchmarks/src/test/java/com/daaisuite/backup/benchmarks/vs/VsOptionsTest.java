package com.daaisuite.backup.benchmarks.vs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VsOptionsTest {

    @Test
    void withoutCliOptionsTheHarnessMeasuresBothWaysAUserRunsTheCli() {
        VsOptions o = VsOptions.parse(new String[0]);
        assertThat(o.clis).containsOnlyKeys("jar", "launcher");
        assertThat(o.clis.get("jar")).containsExactly("java", "-jar", "examples/cli/target/daai-backup.jar");
        assertThat(o.clis.get("launcher")).containsExactly("examples/cli/bin/daai-backup");
    }

    @Test
    void anOlderJarIsMeasuredBothWaysAndFirst() {
        VsOptions o = VsOptions.parse(new String[] {"--before", "/tmp/old/daai-backup.jar", "--quick"});
        assertThat(o.clis.keySet()).containsExactly("before-jar", "before-launcher", "jar", "launcher");
        String jar = Path.of("/tmp/old/daai-backup.jar").toAbsolutePath().toString();
        assertThat(o.clis.get("before-jar")).containsExactly("java", "-jar", jar);
        assertThat(o.clis.get("before-launcher")).containsExactly("env", "DAAI_BACKUP_JAR=" + jar, "examples/cli/bin/daai-backup");
        assertThat(o.sizeMb).isEqualTo(20);
        assertThat(o.runs).isEqualTo(2);
    }

    @Test
    void explicitClisReplaceTheDefaultPair() {
        VsOptions o = VsOptions.parse(new String[] {"--cli", "x=java -jar a.jar", "--before", "b.jar"});
        assertThat(o.clis.keySet()).containsExactly("before-jar", "before-launcher", "x");
        assertThat(o.clis.get("x")).isEqualTo(List.of("java", "-jar", "a.jar"));
    }

    @Test
    void aCliWithoutALabelIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> VsOptions.parse(new String[] {"--cli", "java -jar a.jar"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cli wants LABEL=COMMAND");
    }
}
