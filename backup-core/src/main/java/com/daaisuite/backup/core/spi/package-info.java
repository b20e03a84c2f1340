/**
 * Service-provider interfaces: storage backends, database sources, and the host hooks (tenant
 * directory, access policy, maintenance gate, quota, lock, listeners).
 *
 * <p>SPIs may evolve faster than the API. Contract suites for each live in {@code backup-test-support}.
 */
package com.daaisuite.backup.core.spi;
