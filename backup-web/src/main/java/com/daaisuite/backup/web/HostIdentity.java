package com.daaisuite.backup.web;

import java.util.Optional;

/**
 * The host's answer to "who is this, and for which workspace?". The screen never authenticates by
 * itself: the host reads its own session (cookie, token, servlet session) from the request and
 * returns the user, or empty when nobody is logged in (the screen then answers 401).
 *
 * <p>Implementations must take the tenant from the host's session, never from a request parameter or
 * header the browser controls.
 */
@FunctionalInterface
public interface HostIdentity {
    /**
     * @param request the request; {@link WebRequest#nativeRequest(Class)} gives the framework's request
     * @return the logged-in user, or empty when there is none
     */
    Optional<WebUser> identify(WebRequest request);
}
