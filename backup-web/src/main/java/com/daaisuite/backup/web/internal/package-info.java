/** Internal helpers of the web module (JSON, HTTP parsing): unsupported, may change without notice. */
package com.daaisuite.backup.web.internal;
