/**
 * The daai-backup API: {@link com.daaisuite.backup.core.Backups} and its services ({@link
 * com.daaisuite.backup.core.BackupService}, {@link com.daaisuite.backup.core.RestoreService}, {@link
 * com.daaisuite.backup.core.SnapshotCatalog}), the value types they exchange, and the precise
 * exceptions. See docs/architecture.md.
 */
package com.daaisuite.backup.core;
