/**
 * {@code daai-backup}, the operator command line: the tool infrastructure teams reach for in the bad
 * hour (restore outside the app, decrypt an archive for an audit, rotate a key), plus {@code demo},
 * which runs the whole story on embedded defaults.
 *
 * <p>Everything here is an example built on the public API of {@code backup-core} and {@code
 * backup-crypto}; nothing depends on it. Commands, options and exit codes are a contract
 * (docs/cli.md).
 */
package com.daaisuite.backup.examples.cli;
