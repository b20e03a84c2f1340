/**
 * Internals of the MongoDB source: server probing, the dump and the staged restore. Unsupported;
 * may change in any release. Use {@link com.daaisuite.backup.mongo.MongoDatabaseSource} instead.
 */
package com.daaisuite.backup.mongo.internal;
