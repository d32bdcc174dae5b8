package dev.vigil.session;

import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;

/**
 * A session named by its id and subject only: what a bulk operation hands back for each of the
 * sessions it changed, without reading them whole.
 */
public record SessionRef(SessionId id, Subject subject) {}
