/** Mounts the backups screen on the JDK's built-in HTTP server ({@code com.sun.net.httpserver}). */
package com.daaisuite.backup.web.jdk;
