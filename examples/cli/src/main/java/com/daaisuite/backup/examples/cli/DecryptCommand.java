package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decrypt}: turns a {@code .gz.enc} into the plain {@code .gz} inside it, which is exactly
 * what {@code mongodump --archive --gzip} writes, for audits and for {@code mongorestore}.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Decrypt a DBK1 archive (.gz.enc) into a plain .gz that 'mongorestore --archive=OUT --gzip' accepts.")
final class DecryptCommand extends CliCommand {
    @Option(names = "--tenant", required = true, paramLabel = "ID", description = "The tenant the archive must belong to.")
    String tenantId;

    @Parameters(index = "0", paramLabel = "IN", description = "The encrypted archive.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The plain .gz to write (must not exist).")
    Path out;

    @Override
    int execute() throws Exception {
        KeyProvider keys = keys();
        Magic m = Magic.of(in);
        if (m == Magic.GZIP) {
            throw new CliUsageException(in + " is already a plain gzip archive (a legacy .gz): there is nothing to decrypt;"
                    + " use it as it is with mongorestore --archive=" + in.getFileName() + " --gzip.");
        }
        if (m == Magic.MONGODUMP) {
            throw new CliUsageException(in + " is an uncompressed mongodump archive: there is nothing to decrypt;"
                    + " use it as it is with mongorestore --archive=" + in.getFileName() + ".");
        }
        Dbk1Header header;
        try (InputStream h = Files.newInputStream(in)) {
            header = Dbk1.readHeader(h);
        }
        long total = Files.size(in);
        long written;
        try (AtomicFile target = AtomicFile.create(out)) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
                    InputStream plain = Dbk1.decrypt(raw, keys, tenantId);
                    OutputStream o = target.open();
                    Progress p = Progress.start("decrypt", Progress.Unit.BYTES, total, err())) {
                written = copy(plain, o, p);
                p.done(written, 0);
            }
            if (Magic.of(target.temp()) != Magic.GZIP) {
                throw new CliIntegrityException("The archive " + in + " decrypted, but what is inside is not gzip;"
                        + " nothing was written. It was not made by daai-backup; keep the original.");
            }
            target.commit();
        }
        out().println("Decrypted " + in + " (tenant " + header.tenantId() + ", key id " + header.keyId() + ") to " + out
                + ": " + Formats.bytes(written) + " of gzip.");
        out().println("Restore it with: mongorestore --archive=" + out + " --gzip");
        return ExitCodes.OK;
    }

    static long copy(InputStream in, OutputStream out, Progress p) throws java.io.IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
            n += r;
            p.update(n, 0);
        }
        return n;
    }
}
