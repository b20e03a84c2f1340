package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the line at the top of the screen: key, last snapshot, next due. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Show whether a key is configured, the last snapshot and when the next backup is due.")
final class StatusCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            BackupStatus st = s.backups.status(Session.OPERATOR, s.tenant.id());
            var zone = s.tenant.zone();
            out().println("Tenant        " + st.tenantId() + " (workspace \"" + s.tenant.workspaceName() + "\", zone " + zone
                    + ", schedule " + s.tenant.frequency().label() + ")");
            out().println("Storage       " + s.storage.describe());
            if (st.keyConfigured()) {
                out().println("Key           configured (current key id "
                        + s.keys.currentKey().map(k -> k.id().toString()).orElse("?") + ", "
                        + (s.keys.knownKeyIds().size() - 1) + " retired)");
            } else {
                out().println("Key           NOT CONFIGURED: new backups will fail"
                        + st.keyProblem().map(p -> " (" + p + ")").orElse("")
                        + ". Set " + KeyProviders.CURRENT_KEY_VARIABLE + " (see docs/operations.md, 'When the key is missing').");
            }
            out().println("Last snapshot " + st.lastSnapshot().map(sn -> describe(sn, s)).orElse("none"));
            out().println("Next due      " + Formats.LOCAL.format(st.nextDue().atZone(zone))
                    + (st.nextDue().isBefore(java.time.Instant.now()) ? " (overdue)" : ""));
            st.lastFailure().ifPresent(f -> out().println("Last failure  " + f));
            out().println("Last drill    " + st.lastDrill().map(d -> d.passed()
                    ? "passed: " + d.fileName() + " proven restorable on " + Formats.LOCAL.format(d.startedAt().atZone(zone))
                    : "FAILED on " + Formats.LOCAL.format(d.startedAt().atZone(zone)) + ": " + d.fileName() + " is not proven"
                            + " restorable (" + d.reason().orElse("") + ")")
                    .orElse("none kept: no snapshot is proven restorable yet (run daai-backup drill)"));
            if (st.running()) {
                out().println("Running       a backup or restore of this tenant is running");
            }
            return ExitCodes.OK;
        }
    }

    private static String describe(Snapshot sn, Session s) {
        return Formats.LOCAL.format(sn.createdAtIn(s.tenant.zone())) + "  " + sn.label().label() + "  "
                + Formats.bytes(sn.sizeBytes()) + "  " + Formats.encryption(sn.encrypted(), Formats.utf8Output()) + "  " + sn.fileName();
    }
}
