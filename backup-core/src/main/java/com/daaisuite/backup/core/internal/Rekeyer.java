package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.KeyRotation;
import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.SnapshotName;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link KeyRotation}: moves each archive made with a retired key to the current key, under the
 * tenant's lock, one archive at a time (see the interface for the order that keeps one complete
 * archive with its manifest at every moment).
 */
public final class Rekeyer implements KeyRotation {
    private static final Pattern REKEY_SUFFIX = Pattern.compile("k[0-9a-f]{8}$");

    private final StorageBackend storage;
    private final KeyProvider keys;
    private final Guards guards;
    private final TenantLocks locks;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final DrillRecords drills;
    private final Events events;

    /**
     * @param storage where the archives are
     * @param keys the current key and the retired ones
     * @param guards tenant lookup and the KEYS permission
     * @param locks the tenant's lock
     * @param folders the tenant's snapshots, manifests and pins
     * @param manifests reads and writes the manifests that move with the archives
     * @param events where a drill result that could not be carried over is audited
     */
    public Rekeyer(StorageBackend storage, KeyProvider keys, Guards guards, TenantLocks locks, TenantFolders folders,
            Manifests manifests, Events events) {
        this.storage = storage;
        this.keys = keys;
        this.guards = guards;
        this.locks = locks;
        this.folders = folders;
        this.manifests = manifests;
        this.drills = new DrillRecords(storage, keys, folders);
        this.events = events;
    }

    @Override
    public RekeyReport rekey(Actor actor, String tenantId, boolean dryRun) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.KEYS, t, "re-encrypt the archives of", null);
        MasterKey current = keys.currentKey().orElseThrow(() -> new KeyMissingException("No current key is configured, so "
                + "nothing of tenant " + t.id() + " was re-encrypted. Configure the new key as the current one (for example "
                + "BACKUP_ENCRYPTION_KEY) and the old ones as retired keys (BACKUP_ENCRYPTION_KEYS_RETIRED), then run again."));
        LeaseKeeper keeper = locks.tryLock(t.id(), "rekey").orElseThrow(() -> TenantLocks.busy(t.id(), "re-encrypt"));
        try (keeper) {
            TenantFolders.Listing l = folders.list(t.id());
            List<Moved> moved = new ArrayList<>();
            List<Moved> unknown = new ArrayList<>();
            int alreadyCurrent = 0;
            int plaintext = 0;
            for (Snapshot s : l.snapshots()) {
                if (!s.encrypted()) {
                    plaintext++;
                    continue;
                }
                Dbk1Header h = header(t, s);
                if (h.keyId().equals(current.id())) {
                    alreadyCurrent++;
                    continue;
                }
                if (keys.keyById(h.keyId()).isEmpty()) {
                    unknown.add(new Moved(s.fileName(), h.keyId().toString(), ""));
                    continue;
                }
                String to = rekeyedName(s.fileName(), current);
                if (!dryRun) {
                    if (!keeper.stillHeld()) {
                        throw TenantLocks.lost(t.id(), "re-encrypting " + s.fileName());
                    }
                    move(actor, t, l, s, h, to, current);
                }
                moved.add(new Moved(s.fileName(), h.keyId().toString(), to));
            }
            return new RekeyReport(t.id(), dryRun, current.id().toString(), moved, alreadyCurrent, plaintext, unknown);
        }
    }

    /** Same label and time; the suffix names the new key, so a rerun finds a half-finished move. */
    static String rekeyedName(String fileName, MasterKey key) {
        SnapshotName n = SnapshotName.require(fileName);
        String suffix = n.suffix().map(s -> REKEY_SUFFIX.matcher(s).replaceAll("")).orElse("");
        if (suffix.length() > 7) {
            suffix = suffix.substring(0, 7);
        }
        return n.withSuffix(suffix + "k" + key.id().toString().substring(0, 8)).fileName();
    }

    private Dbk1Header header(Tenant t, Snapshot s) {
        StorageKey key = StorageKey.of(t.id(), s.fileName());
        try (InputStream in = storage.openRead(key)) {
            return Dbk1.readHeader(in);
        } catch (IOException e) {
            throw new StorageException("Reading the header of " + key + " from " + storage.describe() + " failed: "
                    + e.getMessage() + ". Nothing was re-encrypted; check the storage and run again.", e);
        }
    }

    private void move(Actor actor, Tenant t, TenantFolders.Listing l, Snapshot s, Dbk1Header h, String to, MasterKey current) {
        StorageKey oldKey = StorageKey.of(t.id(), s.fileName());
        StorageKey newKey = StorageKey.of(t.id(), to);
        MessageDigest oldPlain = sha256();
        MessageDigest newCipher = sha256();
        long[] newBytes = {0};
        try {
            if (l.names().contains(to)) {
                // An earlier run committed the new archive but stopped before deleting the old one.
                drain(new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(storage.openRead(oldKey), 1 << 16), keys, t.id(), s.fileName()),
                        oldPlain));
                newBytes[0] = drain(new DigestInputStream(storage.openRead(newKey), newCipher));
            } else {
                Dbk1Options opts = Dbk1Options.builder().segmentSize(h.segmentSize()).build().boundTo(to, s.createdAt());
                try (StorageUpload up = storage.openUpload(newKey)) {
                    try (InputStream in = new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(storage.openRead(oldKey),
                            1 << 16), keys, t.id(), s.fileName()), oldPlain);
                            OutputStream enc = Dbk1.encrypt(new DigestOutputStream(new Counting(up, newBytes), newCipher), current,
                                    t.id(), opts)) {
                        in.transferTo(enc);
                    }
                    up.commit();
                }
            }
            MessageDigest back = sha256();
            drain(new DigestInputStream(Dbk1.decrypt(new BufferedInputStream(storage.openRead(newKey), 1 << 16), keys, t.id(), to),
                    back));
            if (!MessageDigest.isEqual(oldPlain.digest(), back.digest())) {
                storage.delete(List.of(newKey));
                throw new PayloadCorruptException("The re-encrypted copy of " + s.fileName() + " of tenant " + t.id()
                        + " did not read back identically; it was removed and the original kept. Check the storage and run again.");
            }
            DrillRecords.Carried drill;
            try {
                // Before the manifest: a rerun that finds the new manifest finds the carried result too.
                drill = drills.carryOver(l, s, to, newBytes[0], current);
            } catch (StorageException e) {
                storage.delete(List.of(newKey));
                throw new StorageException(e.getMessage() + " The re-encrypted copy of " + s.fileName() + " was removed and"
                        + " the original kept.", e);
            }
            String newSha = HexFormat.of().formatHex(newCipher.digest());
            Optional<SnapshotManifest> m = manifests.read(l, t.id(), s.fileName());
            if (m.isPresent() && !l.names().contains(Manifests.sealedNameOf(to))
                    && !manifests.writeMoved(m.get(), to, current.id().toString(), newBytes[0], newSha)) {
                // The archive moves with its manifest or not at all: keep the original until both can be written.
                storage.delete(List.of(newKey, StorageKey.of(t.id(), DrillRecords.nameOf(to))));
                throw new StorageException("The manifest of the re-encrypted copy of " + s.fileName() + " of tenant " + t.id()
                        + " could not be written to " + storage.describe() + "; the copy was removed and the original kept."
                        + " Check that the storage is writable and run again.");
            }
            if (s.pinned() && !l.names().contains(SnapshotName.require(to).pinFileName())) {
                folders.copySmallObject(t.id(), ArchiveNames.pinOf(s.fileName()), ArchiveNames.pinOf(to));
            }
            storage.delete(List.of(oldKey, StorageKey.of(t.id(), ArchiveNames.manifestOf(s.fileName())),
                    StorageKey.of(t.id(), Manifests.sealedNameOf(s.fileName())),
                    StorageKey.of(t.id(), ArchiveNames.pinOf(s.fileName())),
                    StorageKey.of(t.id(), DrillRecords.nameOf(s.fileName()))));
            if (drill.outcome() == DrillRecords.Carried.Outcome.DROPPED) {
                events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, s.fileName(), "re-keying: the restore drill"
                        + " result " + DrillRecords.nameOf(s.fileName()) + " was not carried over to " + to + " and was removed"
                        + " with the original, because " + drill.why() + "; drill the snapshot again to prove it", null);
            }
        } catch (IOException e) {
            throw new StorageException("Re-encrypting " + oldKey + " in " + storage.describe() + " failed: " + e.getMessage()
                    + ". The original was kept; check the storage and run again.", e);
        }
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** Counts the bytes of the new archive; never closes the upload (only commit publishes). */
    private static final class Counting extends FilterOutputStream {
        private final long[] count;

        Counting(OutputStream out, long[] count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count[0] += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
