package com.daaisuite.backup.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A database the library backs up and restores: MongoDB in {@code backup-mongo}, an in-memory one
 * in {@code backup-test-support}. It writes and reads its own payload format (for MongoDB, the
 * mongodump archive format); the library compresses, encrypts and stores that payload.
 *
 * <p>Implementations must be thread-safe: backups and restores of different databases run at once.
 * A shared contract suite in {@code backup-test-support} ({@code DatabaseSourceContract}) specifies
 * the behaviour.
 */
public interface DatabaseSource extends AutoCloseable {

    /**
     * The payload format this source writes, such as {@code mongodump-archive}; recorded in manifests.
     *
     * @return the format name
     */
    String payloadFormat();

    /**
     * Whether a stream prefix looks like this source's payload (its magic bytes), so that restore
     * detects formats from content, never from file names.
     *
     * @param prefix the first bytes of an uncompressed payload
     * @param length how many bytes of {@code prefix} are valid (at least 8 unless the payload is shorter)
     * @return true if this source can read it
     */
    boolean recognizes(byte[] prefix, int length);

    /**
     * Writes a full, self-contained dump of a database to {@code out}. Does not close {@code out}.
     *
     * @param database the database to dump
     * @param out where the payload goes
     * @param progress told about documents and bytes as they are written
     * @return what was dumped, and whether it is a point-in-time consistent snapshot
     * @throws IOException if writing fails
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be read
     */
    DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException;

    /**
     * Like {@link #dump(String, OutputStream, ProgressListener)}, under the node's read-rate budget.
     * The library calls this one for every paced backup. The default ignores {@code budget} and lets
     * the library pace the writes to {@code out}; a source that reads the database in batches should
     * override it to size its batches by {@link ReadBudget#batchBytes()} and pay for each with
     * {@link ReadBudget#acquire(long)} before asking for the next, so that the database serves no
     * larger burst than one small batch (see {@link ReadBudget}).
     *
     * @param database the database to dump
     * @param out where the payload goes
     * @param progress told about documents and bytes as they are written
     * @param budget the node's read-rate budget for this dump ({@link ReadBudget#UNLIMITED} when none)
     * @return what was dumped, and whether it is a point-in-time consistent snapshot
     * @throws IOException if writing fails, or the dump is interrupted while it waits for the budget
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be read
     */
    default DumpSummary dump(String database, OutputStream out, ProgressListener progress, ReadBudget budget)
            throws IOException {
        return dump(database, out, progress);
    }

    /**
     * Whether this source can dump chosen collections of a database ({@link #dumpCollections}). The library
     * then limits the pre-restore safety backup of a collections or documents restore to the collections the
     * restore replaces, instead of the whole database. The default answers no, and the library backs up the
     * whole database. A source that answers yes must mark the payload as partial so that
     * {@link #inspectPayload} reports {@link DumpSummary#onlyCollections()} (the library refuses to restore
     * such a payload as a whole database), and must pass the partial-dump cases of {@code DatabaseSourceContract}.
     *
     * @return true if {@link #dumpCollections} is implemented
     */
    default boolean dumpsCollections() {
        return false;
    }

    /**
     * Writes a self-contained dump of chosen collections of a database, marked in the payload as limited
     * to them: the same format, consistency and budget as {@link #dump(String, OutputStream, ProgressListener,
     * ReadBudget)}, but only the named collections (with their indexes and options). A named collection
     * that does not exist is left out of the payload but stays in its mark, so the payload says "these
     * collections, of which these existed". Does not close {@code out}.
     *
     * @param database the database
     * @param collections the collections, at least one
     * @param out where the payload goes
     * @param progress told about documents and bytes as they are written
     * @param budget the read-rate budget ({@link ReadBudget#UNLIMITED} when none)
     * @return what was dumped; its {@link DumpSummary#onlyCollections()} is {@code collections}, sorted
     * @throws IOException if writing fails
     * @throws UnsupportedOperationException if {@link #dumpsCollections()} is false (the default)
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be read
     */
    default DumpSummary dumpCollections(String database, java.util.Set<String> collections, OutputStream out,
            ProgressListener progress, ReadBudget budget) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot dump chosen collections "
                + "(DatabaseSource.dumpsCollections() is false); dump the whole database");
    }

    /**
     * Replaces a database's content with a payload. The live database is untouched until the whole
     * payload has been read and validated (counts, checksums); on any failure it is left exactly as
     * it was and nothing of the payload remains. Does not close {@code payload}.
     *
     * <p>The payload must be read <em>to its end</em> (until {@code read} returns -1) before anything
     * is swapped in: the layers below (DBK1 authentication of the final segment, the gzip CRC) report
     * tampering or truncation only when their end is reached, and such a failure must still leave the
     * live database unchanged. Bytes after the payload's own trailer are an error.
     *
     * @param payload the uncompressed, decrypted payload
     * @param target which database to replace, and how to map the payload's namespaces onto it
     * @param progress told about documents and bytes as they are loaded
     * @return what was restored
     * @throws IOException if reading the payload fails (for example an authentication failure below)
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be written
     */
    RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException;

    /**
     * Like {@link #restore(InputStream, RestoreTarget, ProgressListener)}, but calls {@code beforeSwap}
     * once the payload has been read to its end and fully loaded and validated where it is not yet
     * live, and before the live database is changed in any way. The library uses it to run the
     * pre-restore safety backup of the live data <em>while</em> the new data is being staged, and to
     * enter the maintenance gate only for the swap itself.
     *
     * <p>If {@code beforeSwap} throws, the restore must end as any failure before the swap does: what
     * was staged is removed, the live database is left exactly as it was, and the exception
     * {@code beforeSwap} threw is rethrown as it is (not wrapped). {@code beforeSwap} may block.
     *
     * <p>The default calls {@code beforeSwap} first and then {@link #restore(InputStream, RestoreTarget,
     * ProgressListener)}: correct for every source, without the overlap. A source that stages before it
     * swaps (as {@code backup-mongo} does) should override it. A source that overrides it must also make
     * sure that a {@link #dump} of the same database running while it stages does not include what it
     * stages.
     *
     * @param payload the uncompressed, decrypted payload
     * @param target which database to replace, and how to map the payload's namespaces onto it
     * @param progress told about documents and bytes as they are loaded
     * @param beforeSwap run after staging and validation, before the live database is touched
     * @return what was restored
     * @throws IOException if reading the payload fails (for example an authentication failure below)
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be written
     */
    default RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        requireWholeDatabaseUnlessSupported(target);
        beforeSwap.run();
        return restore(payload, target, progress);
    }

    /**
     * Whether this source honours {@link RestoreTarget#collections()}: restores only the chosen collections
     * (each becoming exactly the payload's, through the same validate-before-swap path) and leaves every
     * other collection of the database as it is. The library refuses a collections restore, before
     * anything is read or written, on a source that answers no.
     *
     * <p>The default answers no: a source written before collections restores existed would otherwise
     * replace the whole database when asked for a part of it. A source that answers yes must pass the
     * collections cases of {@code DatabaseSourceContract}.
     *
     * @return true if {@link #restore} restores a subset when the target names one
     */
    default boolean restoresCollections() {
        return false;
    }

    /**
     * Refuses a target that names collections when this source cannot restore a subset: for the default
     * {@link #restore(InputStream, RestoreTarget, ProgressListener, Runnable)} and for implementations that
     * check at their own entry.
     *
     * @param target the target
     * @throws UnsupportedOperationException if the target names collections and {@link #restoresCollections()} is false
     */
    default void requireWholeDatabaseUnlessSupported(RestoreTarget target) {
        if (!target.wholeDatabase() && !restoresCollections()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore chosen collections "
                    + "(DatabaseSource.restoresCollections() is false), so nothing was restored or changed; restore the "
                    + "whole database, or use a source that restores collections (backup-mongo does)");
        }
    }

    /**
     * Reads a whole payload and reports what it holds, without writing anything anywhere: used by
     * {@link com.daaisuite.backup.core.SnapshotCatalog#verify} to parse an archive's payload and
     * compare it with the manifest. Reads {@code payload} to its end; does not close it.
     *
     * <p>The default only counts the bytes (no collections, a warning saying the payload was not
     * parsed). Sources should override it to parse and validate exactly as {@link #restore} would
     * (counts, checksums, trailer), throwing {@link com.daaisuite.backup.core.PayloadCorruptException}
     * for a malformed payload.
     *
     * @param payload the uncompressed, decrypted payload
     * @return what the payload holds: its database, collections with counts, documents and bytes
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     */
    default DumpSummary inspectPayload(InputStream payload) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = payload.read(buf)) >= 0; ) {
            total += n;
        }
        return new DumpSummary("", java.util.List.of(), 0, total, false, "",
                java.util.List.of("the payload was counted, not parsed: " + getClass().getSimpleName()
                        + " does not implement inspectPayload"));
    }

    /**
     * Reads this source's payloads document by document, for inspect, compare and find. The default
     * has none: those operations then fail with a {@link com.daaisuite.backup.core.SourceException}
     * saying so, and backups record no contents digests; everything else works.
     *
     * @return the reader, or empty
     */
    default java.util.Optional<ContentsReader> contentsReader() {
        return java.util.Optional.empty();
    }

    /**
     * Writes chosen documents back into live collections, for the document restore. The default has
     * none: a document restore then fails with a {@link com.daaisuite.backup.core.SourceException}
     * saying so, before anything is read or written; everything else works.
     *
     * @return the writer, or empty
     */
    default java.util.Optional<DocumentWriter> documentWriter() {
        return java.util.Optional.empty();
    }

    /**
     * Reads a database as the server stores it straight into {@code visitor}, without writing a
     * payload: every collection ({@link DocumentVisitor#collection}, with the indexes the server
     * lists) before any document, then each document's exact stored bytes, as a {@link #dump} would
     * hold them. The restore drill reads its scratch database back this way to check counts, digests
     * and indexes. A source that does not implement it returns {@code false}, and the library dumps
     * the database and reads the dump with {@link #contentsReader()} instead: the same result, slower.
     * Documents of different collections may interleave; calls to the visitor come from one thread.
     *
     * @param database the database to read
     * @param visitor receives the collections, then the documents
     * @return {@code true} when the database was read, {@code false} when this source cannot read it this way
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.core.SourceException if the server refuses or fails the read
     */
    default boolean readContents(String database, DocumentVisitor visitor) throws IOException {
        return false;
    }

    /**
     * Whether a database exists (has any collection), so that a restore into another database than the
     * tenant's own takes a safety backup of it only when there is something to keep. The default says yes.
     *
     * @param database the database
     * @return false only when the database certainly does not exist
     */
    default boolean databaseExists(String database) {
        return true;
    }

    /**
     * Drops a whole database, with any restore journal the source keeps for it: how a restore drill
     * removes its scratch database (never the tenant's own; the library only passes a drill's scratch
     * name). Dropping a database that does not exist does nothing.
     *
     * <p>The default refuses: a source that cannot drop a database cannot host a restore drill.
     *
     * @param database the database to drop
     * @throws UnsupportedOperationException when the source cannot drop databases
     */
    default void dropDatabase(String database) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot drop a database, so it cannot host"
                + " a restore drill; use a source that implements DatabaseSource.dropDatabase (backup-mongo does)");
    }

    /**
     * Whether a restore of {@code database} was interrupted after it began to write into the database
     * (its journal is still there), without changing anything. The library asks before every
     * operation on a tenant (backup, restore, status, scheduled runs) and, when the answer is yes,
     * enters the maintenance gate and calls {@link #recoverRestore}.
     *
     * <p>The default answers no: a source whose restore writes nothing before a single atomic switch
     * has nothing to recover.
     *
     * @param database the database
     * @return a short description of the interrupted restore (its id and state), or empty
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be asked
     */
    default java.util.Optional<String> interruptedRestore(String database) {
        return java.util.Optional.empty();
    }

    /**
     * Finishes or undoes an interrupted restore of {@code database}, from its journal: forward when the
     * staged snapshot was complete, otherwise back to the collections set aside, so that the database
     * holds exactly the old or exactly the new snapshot, and no reserved collection is left. Every step
     * is idempotent, so a recovery that is itself interrupted is simply run again.
     *
     * <p>The caller holds the tenant's lock and the maintenance gate.
     *
     * @param database the database
     * @return what was found and done; {@link RestoreRecovery.Outcome#NONE} when nothing was interrupted
     * @throws com.daaisuite.backup.core.SourceException if a step fails (the journal stays; run it again)
     */
    default RestoreRecovery recoverRestore(String database) {
        return RestoreRecovery.none(database);
    }

    /**
     * Like {@link #recoverRestore(String)}, acting only on a journal entry that {@code seal}
     * authenticates (the library passes the tenant's seal, the one its restores wrote with): an entry
     * without a seal, with a wrong one, or naming anything but the restore's own reserved names and the
     * collections it moves is never acted on; the source answers {@link RestoreRecovery.Outcome#IGNORED}
     * and the library audits it. Recovery is bounded: a step the server refuses for a reason a retry
     * cannot cure, or a swap that failed too often, goes back rather than forward again.
     *
     * <p>The default ignores the seal: right for sources that keep no journal.
     *
     * @param database the database
     * @param seal authenticates the journal entries of the tenant that owns the database
     * @return what was found and done
     * @throws com.daaisuite.backup.core.SourceException if a step fails for a reason a retry may cure (the journal stays)
     */
    default RestoreRecovery recoverRestore(String database, JournalSeal seal) {
        return recoverRestore(database);
    }

    /**
     * Where this source keeps the {@link OriginLedger} beside its own control data (MongoDB: the
     * control database beside the restore journal), used when the host does not pass one with
     * {@code Backups.builder().originLedger(..)}. The record must live outside the backup storage.
     *
     * @return the source's ledger; empty (the default) when it has none, and then the library keeps
     *     the record in the JVM
     */
    default java.util.Optional<OriginLedger> originLedger() {
        return java.util.Optional.empty();
    }

    /**
     * A description for logs, such as {@code mongodb://host:27017}. Never contains credentials.
     *
     * @return the description
     */
    String describe();

    /** Releases resources the source created itself (never a client the host passed in). */
    @Override
    default void close() {}
}
