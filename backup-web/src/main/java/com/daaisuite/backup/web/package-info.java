/**
 * The "Settings &gt; Database Backups" screen as an embeddable module: {@link com.daaisuite.backup.web.BackupsWeb}
 * (request in, response out, on the library's public API only), the host's {@link
 * com.daaisuite.backup.web.HostIdentity} and {@link com.daaisuite.backup.web.WebUser}, and the optional
 * {@link com.daaisuite.backup.web.RestoreProgress}. Adapters live in {@code .jdk} and {@code .servlet}.
 * See docs/web.md.
 */
package com.daaisuite.backup.web;
