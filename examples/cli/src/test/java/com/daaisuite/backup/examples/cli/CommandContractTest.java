package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands and options of issues 6 and 23 are a public contract: scripts in the field call them.
 * Renaming or dropping one must fail this test, not a customer's cron job.
 */
class CommandContractTest {
    static final Map<String, Set<String>> CONTRACT = Map.ofEntries(
            Map.entry("demo", Set.<String>of()),
            Map.entry("backup", Set.of("--mongo", "--db", "--tenant", "--storage", "--label")),
            Map.entry("list", Set.of("--storage", "--tenant", "--zone", "--json")),
            Map.entry("restore", Set.of("--mongo", "--db", "--tenant", "--storage", "--file", "--archive", "--confirm",
                    "--accept-unverified-origin", "--refuse-plaintext",
                    // Issue 24, spelled exactly as the issue does.
                    "--collections", "--collection", "--ids", "--filter", "--missing-only", "--dry-run")),
            Map.entry("verify", Set.of("--storage", "--tenant", "--file", "--archive")),
            // Issue 23, spelled exactly as the issue does.
            Map.entry("inspect", Set.of("--storage", "--tenant", "--file", "--json")),
            Map.entry("compare", Set.of("--storage", "--tenant", "--file", "--to", "--live", "--mongo", "--db", "--samples", "--json")),
            Map.entry("find", Set.of("--storage", "--tenant", "--collection", "--id", "--json")),
            // Issue 26, spelled exactly as the issue does.
            Map.entry("drill", Set.of("--storage", "--tenant", "--mongo", "--file", "--json")),
            Map.entry("decrypt", Set.of("--tenant")),
            Map.entry("encrypt", Set.of("--tenant")),
            Map.entry("prune", Set.of("--storage", "--tenant", "--dry-run")),
            Map.entry("rekey", Set.of("--storage", "--tenant")),
            Map.entry("status", Set.of("--storage", "--tenant")),
            Map.entry("delete", Set.of("--storage", "--tenant", "--file")),
            Map.entry("serve", Set.of("--port", "--bind", "--dir", "--role", "--without-key", "--for")));

    @Test
    void everyContractCommandExistsWithItsOptionsAndTheGlobalVerboseFlag() {
        CommandLine cli = new CommandLine(new DaaiBackupCli(Map.of()));

        assertThat(cli.getSubcommands().keySet()).containsAll(CONTRACT.keySet());
        CONTRACT.forEach((name, options) -> {
            CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(name).getCommandSpec();
            for (String o : options) {
                assertThat(spec.findOption(o)).as(name + " " + o).isNotNull();
            }
            assertThat(spec.findOption("--verbose")).as(name + " --verbose").isNotNull();
        });
    }

    @Test
    void decryptAndEncryptTakeInAndOutAsPositionalParameters() {
        CommandLine cli = new CommandLine(new DaaiBackupCli(Map.of()));

        for (String name : new String[] {"decrypt", "encrypt"}) {
            assertThat(cli.getSubcommands().get(name).getCommandSpec().positionalParameters())
                    .extracting(p -> p.paramLabel())
                    .containsExactly("IN", "OUT");
        }
    }

    @Test
    void everyCommandPrintsItsHelpAndExits0() {
        for (String name : CONTRACT.keySet()) {
            CliHarness.Result r = CliHarness.run(Map.of(), name, "--help");

            assertThat(r.code()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage: daai-backup " + name);
        }
    }

    @Test
    void restoreWithBothAStorageFileAndAnArchiveIsAUsageError() {
        CliHarness.Result r = CliHarness.run(Map.of(), "restore", "--mongo", "mongodb://127.0.0.1:1", "--db", "d",
                "--tenant", "t", "--storage", "/tmp", "--file", "f.gz.enc", "--archive", "/tmp/x", "--confirm", "t");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("expected only one match");
    }
}
