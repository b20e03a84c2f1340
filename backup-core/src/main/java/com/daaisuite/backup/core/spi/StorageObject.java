package com.daaisuite.backup.core.spi;

import java.time.Instant;

/**
 * One committed object, as a listing reports it.
 *
 * @param key where it is
 * @param size its size in bytes
 * @param lastModified when it was committed, as the store reports it
 */
public record StorageObject(StorageKey key, long size, Instant lastModified) {}
