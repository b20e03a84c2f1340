package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.StorageBackend;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand: runs, and turns any failure into its one-line message and exit code, so that
 * every way of running the command ({@code main}, tests) behaves the same.
 */
abstract class CliCommand implements Callable<Integer> {
    @ParentCommand
    DaaiBackupCli root;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The library's environment key provider, over the CLI's (injectable) environment. */
    KeyProvider keys() {
        return KeyProviders.fromEnvironment(root.environment()::get);
    }

    /** A session over storage only; commands that never touch a database use this. */
    Session storageSession(TenantOptions t, String storageUri) {
        return storageSession(t, StorageUris.open(storageUri));
    }

    Session storageSession(TenantOptions t, StorageBackend storage) {
        DatabaseSource none = new NoDatabaseSource(spec.name());
        try {
            return Session.open(t.tenant(null), storage, none, keys(), null);
        } catch (RuntimeException e) {
            Session.closeQuietly(storage);
            throw e;
        }
    }

    @Override
    public final Integer call() {
        try {
            int code = execute();
            out().flush();
            return code;
        } catch (Exception e) {
            out().flush();
            return ExitCodes.report(e, err(), root.verbose);
        }
    }

    /** @return the exit code */
    abstract int execute() throws Exception;
}
