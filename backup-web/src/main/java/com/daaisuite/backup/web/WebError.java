package com.daaisuite.backup.web;

/**
 * A refusal decided by the web layer itself (no user, bad CSRF token, wrong method, bad body), already
 * carrying its HTTP status and a stable error code. Library exceptions are mapped by {@link Errors}.
 */
final class WebError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    WebError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
