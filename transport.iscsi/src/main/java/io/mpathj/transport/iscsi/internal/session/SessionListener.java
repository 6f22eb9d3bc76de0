package io.mpathj.transport.iscsi.internal.session;

/** Tells the owner of a session when it reaches full feature phase and when it loses its connection. */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {
    };

    default void onLoggedIn(Session session) {
    }

    default void onConnectionLost(Session session, String reason) {
    }
}
