package com.daaisuite.backup.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code delete}: deletes one snapshot (archive and manifest) by hand, as the operator (who holds
 * the DELETE permission). A pinned snapshot is refused (exit 4): unpin it in the app first.
 */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Delete one snapshot now (refused while it is pinned).")
final class DeleteCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--file", required = true, paramLabel = "NAME", description = "The snapshot's file name.")
    String file;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            s.backups.catalog().delete(Session.OPERATOR, s.tenant.id(), file);
            out().println("Deleted " + file + " of tenant " + s.tenant.id() + ".");
            return ExitCodes.OK;
        }
    }
}
