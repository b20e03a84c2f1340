package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The source for commands that read storage only ({@code list}, {@code verify}, {@code prune},
 * {@code status}, {@code rekey}). {@code Backups.builder()} insists on a source, and asking the
 * operator for a database these commands never touch would be worse than this small stand-in.
 * It recognises the mongodump archive format (so format detection still works) and refuses,
 * with a clear message, anything that would need a database.
 */
final class NoDatabaseSource implements DatabaseSource {
    /** The mongodump archive magic number 0x8199e26d, little-endian on disk. */
    private static final byte[] MONGODUMP_MAGIC = {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81};

    private final String command;

    NoDatabaseSource(String command) {
        this.command = command;
    }

    static boolean isMongodumpArchive(byte[] prefix, int length) {
        if (length < MONGODUMP_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MONGODUMP_MAGIC.length; i++) {
            if (prefix[i] != MONGODUMP_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String payloadFormat() {
        return "mongodump-archive";
    }

    @Override
    public boolean recognizes(byte[] prefix, int length) {
        return isMongodumpArchive(prefix, length);
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress) {
        throw refuse("back up");
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) {
        throw refuse("restore");
    }


    /** Stored snapshots are mongodump payloads: inspect, compare and find read them without a database. */
    @Override
    public java.util.Optional<com.daaisuite.backup.core.spi.ContentsReader> contentsReader() {
        return java.util.Optional.of(new com.daaisuite.backup.mongo.MongoContentsReader());
    }

    @Override
    public String describe() {
        return "no database (the '" + command + "' command reads storage only)";
    }

    private SourceException refuse(String what) {
        return new SourceException("The '" + command + "' command has no database to " + what
                + "; use 'daai-backup backup' or 'daai-backup restore' with --mongo URI --db NAME instead.");
    }
}
