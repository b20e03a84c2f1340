package com.daaisuite.backup.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where archives are kept: a filesystem, S3, ... One folder per tenant, {@code <tenant>/db-backups/}.
 *
 * <p>Backends are small and boring: atomic publication, listing and deletion are all the library
 * needs. Implementations must be thread-safe. Every failure is thrown as {@link IOException} or
 * {@link com.daaisuite.backup.core.StorageException} with a message naming the object and what to
 * check; a missing object on read is {@link com.daaisuite.backup.core.SnapshotNotFoundException}.
 * A shared contract suite in {@code backup-test-support} ({@code StorageBackendContract}) specifies
 * the behaviour.
 */
public interface StorageBackend extends AutoCloseable {

    /**
     * Starts an upload that becomes visible only on {@link StorageUpload#commit()}. Backends may use
     * this moment to clean up leftovers of crashed uploads in the same folder.
     *
     * @param key where the object goes
     * @return the upload
     * @throws IOException if the upload cannot be started
     */
    StorageUpload openUpload(StorageKey key) throws IOException;

    /**
     * Opens a committed object for reading.
     *
     * @param key the object
     * @return a stream of its bytes; the caller closes it
     * @throws com.daaisuite.backup.core.SnapshotNotFoundException if there is no such object
     * @throws IOException if it cannot be opened
     */
    InputStream openRead(StorageKey key) throws IOException;

    /**
     * Lists the committed objects of one tenant, in no particular order. Never lists uploads in
     * progress or leftovers of crashed ones. An unknown tenant has an empty listing.
     *
     * @param tenantId the tenant
     * @return the objects in {@code <tenant>/db-backups/}
     * @throws IOException if the listing fails
     */
    List<StorageObject> list(String tenantId) throws IOException;

    /**
     * Deletes objects. Missing objects are ignored.
     *
     * @param keys the objects
     * @throws IOException if any delete fails
     */
    void delete(Collection<StorageKey> keys) throws IOException;

    /**
     * Free space available for a tenant's folder, when the store knows it (a filesystem does, S3
     * does not).
     *
     * @param tenantId the tenant
     * @return free bytes, or empty when unknown
     * @throws IOException if the store cannot be asked
     */
    default OptionalLong freeSpace(String tenantId) throws IOException {
        return OptionalLong.empty();
    }

    /**
     * Whether reading an object a second time costs about what reading a local file costs. A restore
     * reads the whole archive once to prove it before it touches the database, then again to load
     * it: where a second read is cheap (a local or NFS filesystem) it simply reads twice; elsewhere
     * (S3: a second download, billed transfer) it keeps the still-encrypted bytes of the first read
     * in an owner-only temporary file and loads from that. The default is false.
     *
     * @return true if a second read of an object is cheap
     */
    default boolean cheapToReadTwice() {
        return false;
    }

    /**
     * A description for logs and messages, such as {@code file:/var/daai/backups} or
     * {@code s3://bucket/prefix}. Never contains credentials.
     *
     * @return the description
     */
    String describe();

    /**
     * Where this backend keeps archives, as an identity: two backends with the same location are the
     * same store. The default per-tenant lock is shared by every {@code Backups} in the JVM whose
     * storage has the same location, so that a second instance (a rebuild after a configuration
     * reload, a status page's own instance) can never back up or prune a tenant another one is
     * restoring. Default: {@link #describe()}, right for stores named by a path or a bucket; a store
     * held in memory returns a value unique to the instance.
     *
     * @return the location, never credentials
     */
    default String location() {
        return describe();
    }

    /** Releases resources the backend created itself (never a client the host passed in). */
    @Override
    default void close() {}
}
