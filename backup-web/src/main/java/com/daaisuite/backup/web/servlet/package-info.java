/** Mounts the backups screen in a Jakarta Servlet 6 container (the servlet API is a provided dependency). */
package com.daaisuite.backup.web.servlet;
