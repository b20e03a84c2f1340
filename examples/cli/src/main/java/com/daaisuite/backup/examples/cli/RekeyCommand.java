package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.KeyUnknownException;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rekey}: after a key rotation, re-encrypts every archive still made with a retired key under
 * the current key, one file at a time.
 *
 * <p>The storage SPI offers an atomic create-only commit and a delete, but no rename, so each file
 * moves like this: the re-encrypted archive is committed under a new name (same label and time, a
 * suffix {@code k<first 8 hex digits of the new key id>}), read back and compared with the old
 * plaintext, its manifest and legal hold are carried over, and only then is the old archive
 * deleted. At every moment at least one complete archive of the snapshot exists; a crash leaves
 * both, and the next run finishes the move.
 */
@Command(name = "rekey", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Re-encrypt every archive made with a retired key under the current key (file by file; old files deleted only after the new one reads back).")
final class RekeyCommand extends CliCommand {
    private static final Pattern NAME = Pattern.compile(
            "((?:monthly|15-day|7-day|3-day|24-hour|daily|manual|pre-restore)_\\d{8}T\\d{6}Z)(?:_([a-z0-9]{1,16}))?\\.gz\\.enc");
    private static final Pattern REKEY_SUFFIX = Pattern.compile("k[0-9a-f]{8}$");
    private static final String MANIFEST = ".manifest.json";
    private static final String SEALED_MANIFEST = ".manifest";

    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--dry-run", description = "Only show which archives would be re-encrypted.")
    boolean dryRun;

    @Override
    int execute() throws Exception {
        try (Session s = storageSession(tenant, storage)) {
            MasterKey current = s.keys.currentKey().orElseThrow(() -> new KeyMissingException("No current key: "
                    + EnvironmentKeys.CURRENT + " is not set, so nothing was re-encrypted. Set the new key in "
                    + EnvironmentKeys.CURRENT + " and the old ones in " + EnvironmentKeys.RETIRED + ", then run again."));
            String tenantId = s.tenant.id();
            List<Snapshot> all = s.backups.catalog().list(Session.OPERATOR, tenantId);
            Set<String> present = new HashSet<>();
            for (StorageObject o : s.storage.list(tenantId)) {
                present.add(o.key().fileName());
            }
            int moved = 0;
            int current0 = 0;
            int legacy = 0;
            List<String> failures = new ArrayList<>();
            for (Snapshot sn : all) {
                if (!sn.encrypted()) {
                    legacy++;
                    continue;
                }
                StorageKey oldKey = StorageKey.of(tenantId, sn.fileName());
                Dbk1Header h;
                try (InputStream in = s.storage.openRead(oldKey)) {
                    h = Dbk1.readHeader(in);
                }
                if (h.keyId().equals(current.id())) {
                    current0++;
                    continue;
                }
                if (s.keys.keyById(h.keyId()).isEmpty()) {
                    failures.add(sn.fileName() + ": made with key id " + h.keyId() + ", which is not configured");
                    continue;
                }
                String newName = rekeyedName(sn.fileName(), current);
                if (dryRun) {
                    out().println("would re-encrypt " + sn.fileName() + " (key id " + h.keyId() + ") -> " + newName);
                    moved++;
                    continue;
                }
                move(s.storage, s, sn, h, newName, current, present.contains(newName), present);
                out().println("re-encrypted " + sn.fileName() + " (key id " + h.keyId() + ") -> " + newName + " (key id "
                        + current.id() + ")");
                moved++;
            }
            out().println((dryRun ? "Would re-encrypt " : "Re-encrypted ") + moved + " archive(s) of tenant " + tenantId
                    + "; " + current0 + " already under the current key " + current.id()
                    + (legacy > 0 ? "; " + legacy + " legacy plaintext .gz left as they are (see 'encrypt')" : "") + ".");
            if (!failures.isEmpty()) {
                throw new KeyUnknownException(failures.size() + " archive(s) of tenant " + tenantId
                        + " could not be re-encrypted: " + String.join("; ", failures) + ". Add those keys to "
                        + EnvironmentKeys.RETIRED + " and run rekey again.");
            }
            if (!dryRun && moved > 0) {
                out().println("When every tenant is re-keyed, the retired keys can be removed from " + EnvironmentKeys.RETIRED + ".");
            }
            return ExitCodes.OK;
        }
    }

    /** Same label and time; the suffix names the new key, so reruns find the half-finished move. */
    static String rekeyedName(String fileName, MasterKey key) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not an encrypted snapshot name: " + fileName);
        }
        String suffix = m.group(2) == null ? "" : REKEY_SUFFIX.matcher(m.group(2)).replaceAll("");
        if (suffix.length() > 7) {
            suffix = suffix.substring(0, 7);
        }
        return m.group(1) + "_" + suffix + "k" + key.id().toString().substring(0, 8) + ".gz.enc";
    }

    private void move(StorageBackend storage, Session s, Snapshot sn, Dbk1Header h, String newName, MasterKey current,
            boolean newExists, Set<String> present) throws Exception {
        String tenantId = s.tenant.id();
        StorageKey oldKey = StorageKey.of(tenantId, sn.fileName());
        StorageKey newKey = StorageKey.of(tenantId, newName);
        MessageDigest oldPlain = MessageDigest.getInstance("SHA-256");
        MessageDigest oldCipher = MessageDigest.getInstance("SHA-256");
        MessageDigest newCipher = MessageDigest.getInstance("SHA-256");
        if (newExists) {
            // An earlier run committed the new archive but stopped before deleting the old one.
            try (InputStream in = new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(
                    new DigestInputStream(storage.openRead(oldKey), oldCipher), 1 << 16), s.keys, tenantId), oldPlain)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            try (InputStream c = new DigestInputStream(storage.openRead(newKey), newCipher)) {
                c.transferTo(OutputStream.nullOutputStream());
            }
        } else {
            Dbk1Options opts = Dbk1Options.builder().segmentSize(h.segmentSize()).build();
            try (StorageUpload up = storage.openUpload(newKey)) {
                try (InputStream in = new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(
                        new DigestInputStream(storage.openRead(oldKey), oldCipher), 1 << 16), s.keys, tenantId), oldPlain);
                        OutputStream enc = Dbk1.encrypt(new DigestOutputStream(new KeepOpen(up), newCipher), current, tenantId, opts)) {
                    in.transferTo(enc);
                }
                up.commit();
            }
        }
        byte[] expected = oldPlain.digest();
        MessageDigest back = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(storage.openRead(newKey), 1 << 16),
                s.keys, tenantId), back)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!MessageDigest.isEqual(expected, back.digest())) {
            storage.delete(List.of(newKey));
            throw new CliIntegrityException("The re-encrypted copy of " + sn.fileName() + " did not read back identically;"
                    + " it was removed and the original kept. Check the storage and run rekey again.");
        }
        carryManifest(storage, tenantId, sn.fileName(), newName, h, current, HexFormat.of().formatHex(oldCipher.digest()),
                HexFormat.of().formatHex(newCipher.digest()), present);
        if (sn.pinned() && !present.contains(newName + ".pin")) {
            s.backups.catalog().pin(Session.OPERATOR, tenantId, newName);
        }
        List<StorageKey> old = new ArrayList<>(List.of(oldKey));
        if (present.contains(sn.fileName() + MANIFEST)) {
            old.add(StorageKey.of(tenantId, sn.fileName() + MANIFEST));
        }
        if (present.contains(sn.fileName() + SEALED_MANIFEST)) {
            // A sealed manifest is bound to the old archive's name and header and cannot follow it:
            // the re-keyed archive is listed and restored without one (docs/security.md, key rotation).
            old.add(StorageKey.of(tenantId, sn.fileName() + SEALED_MANIFEST));
        }
        if (sn.pinned()) {
            // The hold now sits on the new archive; deleting the old archive must not leave a stray marker.
            s.backups.catalog().unpin(Session.OPERATOR, tenantId, sn.fileName());
        }
        storage.delete(old);
    }

    /**
     * The manifest's format belongs to the library; the CLI only swaps the values that change (file
     * name, key id, archive SHA-256) as text, so every other field (counts, durations, note) survives.
     */
    private static void carryManifest(StorageBackend storage, String tenantId, String oldName, String newName, Dbk1Header h,
            MasterKey current, String oldSha, String newSha, Set<String> present) throws IOException {
        if (!present.contains(oldName + MANIFEST) || present.contains(newName + MANIFEST)) {
            return;
        }
        String json;
        try (InputStream in = storage.openRead(StorageKey.of(tenantId, oldName + MANIFEST))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String updated = json.replace(oldName, newName).replace(h.keyId().toString(), current.id().toString())
                .replace(oldSha, newSha).replace(oldSha.toUpperCase(java.util.Locale.ROOT), newSha);
        try (StorageUpload up = storage.openUpload(StorageKey.of(tenantId, newName + MANIFEST))) {
            up.write(updated.getBytes(StandardCharsets.UTF_8));
            up.commit();
        }
    }

    /** Dbk1's stream closes what it wraps when sealing; an upload closed before commit would abort. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
