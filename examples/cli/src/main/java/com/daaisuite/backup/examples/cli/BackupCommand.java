package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.mongodb.client.MongoClient;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup}: Backup Now from outside the app (or a scheduled-label backup with --label). */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Back up one tenant's database now into its storage folder (encrypted with BACKUP_ENCRYPTION_KEY).")
final class BackupCommand extends CliCommand {
    @Mixin
    MongoOptions mongo;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archive goes: file:/path, s3://bucket/prefix or a folder.")
    String storage;

    @Option(names = "--label", paramLabel = "LABEL", defaultValue = "manual",
            description = "manual (Backup Now, the default) or a schedule label (monthly, 15-day, 7-day, 3-day, 24-hour, daily)"
                    + " to take the tenant's scheduled backup now.")
    String label;

    @Option(names = "--note", paramLabel = "TEXT", description = "A short note kept with a manual backup, such as \"before salary year-end\".")
    String note;

    @Override
    int execute() throws Exception {
        SnapshotLabel l;
        try {
            l = SnapshotLabel.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("--label: " + e.getMessage() + ".", e);
        }
        if (l == SnapshotLabel.PRE_RESTORE) {
            throw new CliUsageException("--label pre-restore is reserved for the safety backup a restore takes; use manual.");
        }
        if (l.scheduled()) {
            tenant.frequency = l.label();
        }
        Tenant t = tenant.tenant(mongo.db);
        MongoClient client = mongo.client();
        try (Session s = Session.open(t, UriPlugins.storage(storage), mongo.source(client), keys(), mongo.lock(client))) {
            long expected = mongo.estimatedDocuments(client);
            Progress p = s.progress.start(Progress.start("backup " + t.id(), Progress.Unit.DOCUMENTS, expected, err()));
            BackupResult r;
            try {
                if (l == SnapshotLabel.MANUAL) {
                    BackupJob job = s.backups.backupNow(Session.OPERATOR, t.id(), note);
                    r = Progress.await(job, p);
                } else {
                    r = s.backups.backup(Session.OPERATOR, t.id(), BackupTrigger.SCHEDULED);
                    p.done(r.payloadBytes(), r.documents());
                }
            } finally {
                s.progress.stop();
            }
            print(r, t);
            return ExitCodes.OK;
        } finally {
            client.close();
        }
    }

    private void print(BackupResult r, Tenant t) {
        var sn = r.snapshot();
        out().println("Backed up tenant " + t.id() + " (database " + t.databaseName() + "): " + sn.fileName());
        out().println("  " + String.format("%,d", r.documents()) + " documents in " + r.documentsPerCollection().size()
                + " collections, payload " + Formats.bytes(r.payloadBytes()) + ", archive " + Formats.bytes(sn.sizeBytes())
                + ", " + Formats.encryption(sn.encrypted(), Formats.utf8Output()) + ", " + Formats.duration(r.duration()));
        out().println("  taken " + Formats.LOCAL.format(sn.createdAtIn(t.zone())) + (r.pointInTime()
                ? ", point-in-time consistent" : ", not point-in-time (the server cannot do snapshot reads)")
                + (r.note().isBlank() ? "" : ", note: " + r.note()));
        for (Map.Entry<String, Long> e : new TreeMap<>(r.documentsPerCollection()).entrySet()) {
            out().println(String.format("    %-32s %,12d", e.getKey(), e.getValue()));
        }
    }
}
