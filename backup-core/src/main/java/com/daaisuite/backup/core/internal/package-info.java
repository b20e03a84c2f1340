/** Implementation details of the core. Unsupported; may change without notice. */
package com.daaisuite.backup.core.internal;
