package com.daaisuite.backup.testing.source;

import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.core.spi.DocumentWriter;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.OriginLedger;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.ReadBudget;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DatabaseSource} that forwards every method, the defaults included, to another: a test
 * overrides only the one behaviour it changes (a restore that alters its target, writes that fail
 * mid-way) and keeps everything else of the real source. Forwarding the default methods matters: a
 * wrapper that left them out would silently fall back to the SPI's defaults (no collection restores, a
 * whole-database safety backup, no journal recovery) and test something else than production runs.
 */
public abstract class ForwardingDatabaseSource implements DatabaseSource {
    private final DatabaseSource delegate;

    /** @param delegate the source every call goes to */
    protected ForwardingDatabaseSource(DatabaseSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the source every call goes to */
    protected DatabaseSource delegate() {
        return delegate;
    }

    @Override
    public String payloadFormat() {
        return delegate.payloadFormat();
    }

    @Override
    public boolean recognizes(byte[] prefix, int length) {
        return delegate.recognizes(prefix, length);
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException {
        return delegate.dump(database, out, progress);
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress, ReadBudget budget) throws IOException {
        return delegate.dump(database, out, progress, budget);
    }

    @Override
    public boolean dumpsCollections() {
        return delegate.dumpsCollections();
    }

    @Override
    public DumpSummary dumpCollections(String database, Set<String> collections, OutputStream out, ProgressListener progress,
            ReadBudget budget) throws IOException {
        return delegate.dumpCollections(database, collections, out, progress, budget);
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
        return delegate.restore(payload, target, progress);
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        return delegate.restore(payload, target, progress, beforeSwap);
    }

    @Override
    public boolean restoresCollections() {
        return delegate.restoresCollections();
    }

    @Override
    public DumpSummary inspectPayload(InputStream payload) throws IOException {
        return delegate.inspectPayload(payload);
    }

    @Override
    public Optional<ContentsReader> contentsReader() {
        return delegate.contentsReader();
    }

    @Override
    public Optional<DocumentWriter> documentWriter() {
        return delegate.documentWriter();
    }

    @Override
    public boolean readContents(String database, DocumentVisitor visitor) throws IOException {
        return delegate.readContents(database, visitor);
    }

    @Override
    public boolean databaseExists(String database) {
        return delegate.databaseExists(database);
    }

    @Override
    public void dropDatabase(String database) {
        delegate.dropDatabase(database);
    }

    @Override
    public Optional<String> interruptedRestore(String database) {
        return delegate.interruptedRestore(database);
    }

    @Override
    public RestoreRecovery recoverRestore(String database) {
        return delegate.recoverRestore(database);
    }

    @Override
    public RestoreRecovery recoverRestore(String database, JournalSeal seal) {
        return delegate.recoverRestore(database, seal);
    }

    @Override
    public Optional<OriginLedger> originLedger() {
        return delegate.originLedger();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
