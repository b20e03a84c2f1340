package com.daaisuite.backup.examples.cli;

import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code daai-backup} command. Each subcommand maps failures to the documented exit codes
 * itself (see {@link ExitCodes}), so that {@code new CommandLine(new DaaiBackupCli()).execute(args)}
 * behaves exactly like the jar.
 */
@Command(name = "daai-backup",
        mixinStandardHelpOptions = true,
        versionProvider = DaaiBackupCli.Version.class,
        description = "Back up, list, verify, restore, decrypt and re-key daai-backup archives outside the app.",
        subcommands = {
                DemoCommand.class,
                BackupCommand.class,
                ListCommand.class,
                RestoreCommand.class,
                VerifyCommand.class,
                InspectCommand.class,
                CompareCommand.class,
                FindCommand.class,
                DrillCommand.class,
                DecryptCommand.class,
                EncryptCommand.class,
                PruneCommand.class,
                RekeyCommand.class,
                StatusCommand.class,
                DeleteCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage, 3 integrity (tampered, corrupt, wrong key,"
                + " wrong tenant), 4 refused (confirmation, permission, quota, suspended).",
                "Keys come from BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEYS_RETIRED. See docs/cli.md."})
public final class DaaiBackupCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure after its one-line message.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    /** The command as the jar runs it: keys come from the process environment. */
    public DaaiBackupCli() {
        this(System.getenv());
    }

    /**
     * Tests cannot set real environment variables, so the lookup is injectable.
     *
     * @param environment the variables the CLI reads ({@code BACKUP_ENCRYPTION_KEY}, ...)
     */
    DaaiBackupCli(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // java -jar without JVM options: the command runs in a child JVM with the launcher's (see Relaunch).
        java.util.Optional<Integer> child = Relaunch.run(args);
        if (child.isPresent()) {
            System.exit(child.get());
        }
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // Must be set before the first logger exists; system properties win over simplelogger.properties.
            System.setProperty("org.slf4j.simpleLogger.log.com.daaisuite.backup", "info");
            System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel", "warn");
        }
        System.exit(new CommandLine(new DaaiBackupCli()).execute(args));
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Without a subcommand, show the usage and count it as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of the commands above.");
    }

    /** Reports the library's version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DaaiBackupCli.class.getPackage().getImplementationVersion();
            return new String[] {"daai-backup " + (v == null ? "(development build)" : v)};
        }
    }
}
