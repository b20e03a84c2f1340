/**
 * Internals of the filesystem backend. Unsupported: may change in any release without notice.
 */
package com.daaisuite.backup.storage.fs.internal;
