/**
 * MongoDB for daai-backup: {@link com.daaisuite.backup.mongo.MongoDatabaseSource} dumps a database
 * in the mongodump archive format (restorable with {@code mongorestore --archive}) and restores such
 * archives without touching the live database before the whole payload is loaded and checked;
 * {@link com.daaisuite.backup.mongo.MongoBackupLock} is a per-tenant lease lock stored in a
 * collection the host chooses.
 *
 * <p>Both take the host's {@link com.mongodb.client.MongoClient} and never close it.
 * {@code com.daaisuite.backup.mongo.internal} and its sub-packages are unsupported internals.
 */
package com.daaisuite.backup.mongo;
