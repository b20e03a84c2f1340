package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code encrypt}: brings a legacy archive ({@code mongodump --archive --gzip}, or an uncompressed
 * {@code mongodump --archive}) under the current key as DBK1 of its gzip, and reads the result
 * back before it appears, so the plaintext original can be deleted with confidence.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Encrypt a legacy archive (.gz or raw mongodump archive) into DBK1 (.gz.enc) under BACKUP_ENCRYPTION_KEY.")
final class EncryptCommand extends CliCommand {
    @Option(names = "--tenant", required = true, paramLabel = "ID", description = "The tenant the archive belongs to (bound into the encryption).")
    String tenantId;

    @Parameters(index = "0", paramLabel = "IN", description = "The legacy archive: gzip of a mongodump archive, or the raw archive.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .gz.enc to write (must not exist).")
    Path out;

    @Override
    int execute() throws Exception {
        com.daaisuite.backup.core.spi.StorageKey.requireValidTenantId(tenantId);
        KeyProvider keys = keys();
        MasterKey key = keys.currentKey().orElseThrow(() -> new KeyMissingException("No current key: "
                + KeyProviders.CURRENT_KEY_VARIABLE + " is not set, so " + in + " was not encrypted and nothing was written. Set it ("
                + MasterKey.howToMakeOne() + ") and run again."));
        Magic m = Magic.of(in);
        switch (m) {
            case DBK1 -> throw new CliUsageException(in + " is already a DBK1 archive; to move it to the current key use"
                    + " 'daai-backup rekey', or decrypt it first.");
            case GZIP -> {
                if (!Magic.gzipHoldsMongodump(in)) {
                    throw new CliIntegrityException(in + " is gzip but does not hold a mongodump archive (magic 6D E2 99 81);"
                            + " nothing was written. Encrypt only archives made by mongodump --archive --gzip or by daai-backup.");
                }
            }
            case MONGODUMP -> { }
            default -> throw new CliIntegrityException(in + " is neither gzip nor a mongodump archive; nothing was written."
                    + " Encrypt only archives made by mongodump --archive [--gzip] or by daai-backup.");
        }
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long total = Files.size(in);
        try (AtomicFile target = AtomicFile.create(out)) {
            try (InputStream src = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
                    Progress p = Progress.start("encrypt", Progress.Unit.BYTES, total, err())) {
                // Named as a snapshot, it is bound to that name and time (DBK1 version 2), like every snapshot the
                // library writes; under any other name it cannot be, and is written unbound (version 1).
                java.util.Optional<com.daaisuite.backup.core.SnapshotName> as = com.daaisuite.backup.core.SnapshotName
                        .parse(out.getFileName().toString()).filter(com.daaisuite.backup.core.SnapshotName::encrypted);
                com.daaisuite.backup.crypto.Dbk1Options opts = as.map(n -> com.daaisuite.backup.crypto.Dbk1Options.defaults()
                        .boundTo(n.fileName(), n.createdAt())).orElse(com.daaisuite.backup.crypto.Dbk1Options.defaults());
                OutputStream enc = new DigestOutputStream(Dbk1.encrypt(target.open(), key, tenantId, opts), written);
                // Raw archives are gzipped on the way in: DBK1 archives always hold gzip, so decrypt yields a .gz.
                try (OutputStream o = m == Magic.MONGODUMP ? new GZIPOutputStream(enc, 1 << 16) : enc) {
                    DecryptCommand.copy(src, o, p);
                }
                p.done(total, 0);
            }
            // Read it back with the key before it appears: the original may be deleted on the strength of this.
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            try (InputStream back = new DigestInputStream(Dbk1.decrypt(
                    new BufferedInputStream(Files.newInputStream(target.temp()), 1 << 16), keys, tenantId), read)) {
                back.transferTo(OutputStream.nullOutputStream());
            }
            if (!MessageDigest.isEqual(written.digest(), read.digest())) {
                throw new CliIntegrityException("The encrypted copy of " + in + " did not read back identically; nothing was"
                        + " written. Check the disk and run again.");
            }
            target.commit();
        }
        out().println("Encrypted " + in + " for tenant " + tenantId + " under key id " + key.id() + " to " + out + " ("
                + Formats.bytes(Files.size(out)) + "; read back and checked).");
        out().println("To list and restore it with the library, put it in <storage>/" + tenantId
                + "/db-backups/ under the snapshot name it was written as (name OUT like manual_20260101T000000Z.gz.enc:"
                + " the archive is then bound to that name, and refused under any other).");
        return ExitCodes.OK;
    }
}
