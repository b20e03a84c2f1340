/** Wiring the library's scheduler tick ({@code BackupService.runDue}) into a host's own executor. */
package com.daaisuite.backup.examples.scheduler;
