/** Implementation details of the crypto module. Unsupported; may change without notice. */
package com.daaisuite.backup.crypto.internal;
