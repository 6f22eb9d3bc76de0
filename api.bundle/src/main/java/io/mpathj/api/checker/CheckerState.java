package io.mpathj.api.checker;

/**
 * What a path checker found, as multipath-tools' {@code PATH_*} states, with the words {@code multipath -ll} prints
 * for them (libmultipath print.c) and the checker names multipathd logs (checkers.c).
 */
public enum CheckerState {
    /** The path serves I/O. */
    UP("ready", "up"),
    /** The path does not serve I/O. */
    DOWN("faulty", "down"),
    /** The path is reachable but in standby (ALUA standby, passive controller): usable for pg_init, not for I/O. */
    GHOST("ghost", "ghost"),
    /** The check has not finished yet: keep the previous state and check again soon. */
    PENDING("i/o pending", "pending"),
    /** The path works but intermittently (a checker's own judgement); treated as down. */
    SHAKY("shaky", "shaky"),
    /** The path came back but its reinstatement is delayed (marginal path detection). */
    DELAYED("delayed", "delayed"),
    /** The check did not answer within checker_timeout; treated as down. */
    TIMEOUT("i/o timeout", "timeout");

    private final String word;
    private final String checkerName;

    CheckerState(String word, String checkerName) {
        this.word = word;
        this.checkerName = checkerName;
    }

    /** {@code multipath -ll}'s word for the state ({@code ready}, {@code faulty}, {@code ghost}, …). */
    public String word() {
        return word;
    }

    /** multipathd's name for the state ({@code up}, {@code down}, {@code ghost}, …). */
    public String checkerName() {
        return checkerName;
    }

    /** Whether dm may use the path: up or ghost. */
    public boolean isUsable() {
        return this == UP || this == GHOST;
    }
}
