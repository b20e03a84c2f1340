package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.KeyRotation;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.KeyUnknownException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rekey}: after a key rotation, re-encrypts every archive still made with a retired key under
 * the current key. The work is the library's {@link KeyRotation} (under the tenant's lock, one
 * archive at a time, each with its manifest and legal hold, the old one deleted only after the new
 * one reads back); this command prints what it did.
 */
@Command(name = "rekey", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Re-encrypt every archive made with a retired key under the current key (file by file; old files deleted only after the new one reads back).")
final class RekeyCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--dry-run", description = "Only show which archives would be re-encrypted.")
    boolean dryRun;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            KeyRotation.RekeyReport r = s.backups.keyRotation().rekey(Session.OPERATOR, s.tenant.id(), dryRun);
            for (KeyRotation.Moved m : r.moved()) {
                out().println(dryRun ? "would re-encrypt " + m.from() + " (key id " + m.fromKeyId() + ") -> " + m.to()
                        : "re-encrypted " + m.from() + " (key id " + m.fromKeyId() + ") -> " + m.to() + " (key id "
                                + r.currentKeyId() + ")");
            }
            out().println((dryRun ? "Would re-encrypt " : "Re-encrypted ") + r.moved().size() + " archive(s) of tenant "
                    + r.tenantId() + "; " + r.alreadyCurrent() + " already under the current key " + r.currentKeyId()
                    + (r.plaintext() > 0 ? "; " + r.plaintext() + " legacy plaintext .gz left as they are (see 'encrypt')" : "")
                    + ".");
            if (!r.unknownKey().isEmpty()) {
                List<String> failures = new ArrayList<>();
                for (KeyRotation.Moved m : r.unknownKey()) {
                    failures.add(m.from() + ": made with key id " + m.fromKeyId() + ", which is not configured");
                }
                throw new KeyUnknownException(failures.size() + " archive(s) of tenant " + r.tenantId()
                        + " could not be re-encrypted: " + String.join("; ", failures) + ". Add those keys to "
                        + KeyProviders.RETIRED_KEYS_VARIABLE + " and run rekey again.");
            }
            if (!dryRun && !r.moved().isEmpty()) {
                out().println("When every tenant is re-keyed, the retired keys can be removed from "
                        + KeyProviders.RETIRED_KEYS_VARIABLE + ".");
            }
            return ExitCodes.OK;
        }
    }
}
