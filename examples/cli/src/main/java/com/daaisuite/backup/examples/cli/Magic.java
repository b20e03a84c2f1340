package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.Dbk1;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** What a file is, from its first bytes: never from its name. */
enum Magic {
    DBK1, GZIP, MONGODUMP, UNKNOWN;

    static Magic of(byte[] p, int n) {
        if (Dbk1.hasMagic(p, n)) {
            return DBK1;
        }
        if (n >= 2 && (p[0] & 0xff) == 0x1f && (p[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (NoDatabaseSource.isMongodumpArchive(p, n)) {
            return MONGODUMP;
        }
        return UNKNOWN;
    }

    static Magic of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] p = new byte[8];
            int n = in.readNBytes(p, 0, p.length);
            return of(p, n);
        }
    }

    /** Whether a gzip file holds a mongodump archive (its first decompressed bytes). */
    static boolean gzipHoldsMongodump(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] p = new byte[4];
            int n = in.readNBytes(p, 0, p.length);
            return NoDatabaseSource.isMongodumpArchive(p, n);
        } catch (java.util.zip.ZipException e) {
            return false;
        }
    }
}
