package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.VerificationReport;
import com.daaisuite.backup.core.spi.StorageBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: reads a whole archive the way a restore would (every segment authenticated, the
 * gzip decompressed, the payload parsed) and changes nothing. Exit 3 when it cannot be trusted.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Check that a snapshot is intact and decryptable with the configured keys (changes nothing).")
final class VerifyCommand extends CliCommand {
    @Mixin
    TenantOptions tenant;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Origin origin;

    static final class Origin {
        @ArgGroup(exclusive = false, multiplicity = "1")
        FromStorage fromStorage;

        @Option(names = "--archive", required = true, paramLabel = "PATH", description = "A loose archive file.")
        Path archive;
    }

    static final class FromStorage {
        @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
        String storage;

        @Option(names = "--file", required = true, paramLabel = "NAME", description = "The snapshot's file name.")
        String file;
    }

    @Override
    int execute() throws Exception {
        StorageBackend backend;
        String fileName;
        if (origin.archive != null) {
            ArchiveFileStorage afs = ArchiveFileStorage.of(null, tenant.tenantId, origin.archive.toAbsolutePath());
            backend = afs;
            fileName = afs.exposedName();
        } else {
            backend = StorageUris.open(origin.fromStorage.storage);
            fileName = origin.fromStorage.file;
        }
        try (Session s = storageSession(tenant, backend)) {
            VerificationReport r = s.backups.catalog().verify(Session.OPERATOR, s.tenant.id(), fileName);
            String what = origin.archive != null ? origin.archive.toString() : fileName;
            if (r.ok()) {
                out().println("OK: " + what + " is intact (tenant " + s.tenant.id() + ", "
                        + Formats.encryption(r.snapshot().encrypted(), Formats.utf8Output()) + ", "
                        + Formats.bytes(r.snapshot().sizeBytes()) + ")");
            } else {
                out().println("NOT OK: " + what + " (tenant " + s.tenant.id() + ")");
                r.problems().forEach(p -> out().println("  problem: " + p));
            }
            if (origin.archive == null) {
                // A loose file never has a sealed manifest beside it; a stored snapshot should.
                r.snapshot().warning().ifPresent(w -> out().println("  warning: " + w));
            }
            out().println("  sha256 " + r.archiveSha256());
            for (Map.Entry<String, Long> e : new TreeMap<>(r.documentsPerCollection()).entrySet()) {
                out().println(String.format("    %-32s %,12d", e.getKey(), e.getValue()));
            }
            if (!r.ok()) {
                err().println("daai-backup: " + what + " did not verify: " + String.join("; ", r.problems())
                        + ". Do not rely on it; verify another snapshot or take a new backup.");
                return ExitCodes.INTEGRITY;
            }
            return ExitCodes.OK;
        }
    }
}
