package io.mpathj.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Script mode: Gogo commands one per line ({@code #} starts a comment), each echoed after {@code g! }, its result
 * printed on standard output, a failure as {@code error: MESSAGE} on standard error (the stack trace only with
 * {@code -Dmpathj.debug=true}). The same rules serve a script run by the container itself and each line a client
 * sends to a running container ({@link ControlServer}), so both print and exit alike.
 */
final class ScriptRunner {
    /** {@code exit}, {@code exit N}, {@code quit}, {@code quit N}: ends the script (or the client) with status N. */
    private static final Pattern EXIT = Pattern.compile("(?:exit|quit)(?:\\s+(\\d{1,3}))?");

    /** What one line did. */
    enum Outcome {
        /** blank or a comment: nothing ran */
        SKIPPED,
        SUCCEEDED,
        FAILED,
        /** {@code exit [N]} or {@code quit [N]}: stop here with {@link #exitStatus} */
        EXIT
    }

    private final Gogo.Session session;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean echo;
    private final boolean debug;
    private int exitStatus;

    /**
     * @param echo print each command after {@code g! } before its output (scripts); an interactive client that
     *     typed the line already does not need it
     */
    ScriptRunner(Gogo.Session session, PrintStream out, PrintStream err, boolean echo, boolean debug) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.echo = echo;
        this.debug = debug;
    }

    /** Runs every line until the end or an exit; the status: the exit's, else 1 if any command failed, else 0. */
    int run(BufferedReader lines) throws IOException {
        boolean ok = true;
        for (String line; (line = lines.readLine()) != null;) {
            switch (runLine(line)) {
                case EXIT -> {
                    return exitStatus;
                }
                case FAILED -> ok = false;
                default -> {
                }
            }
        }
        return ok ? 0 : 1;
    }

    /** Runs one line. */
    Outcome runLine(String line) {
        String command = line.strip();
        if (command.isEmpty() || command.startsWith("#")) {
            return Outcome.SKIPPED;
        }
        if (echo) {
            out.println("g! " + command);
        }
        Matcher exit = EXIT.matcher(command);
        if (exit.matches()) {
            exitStatus = exit.group(1) == null ? 0 : Integer.parseInt(exit.group(1));
            out.flush();
            return Outcome.EXIT;
        }
        try {
            Object result = session.execute(command);
            if (result != null && !String.valueOf(result).isEmpty()) {
                out.println(result);
            }
            return Outcome.SUCCEEDED;
        } catch (Gogo.CommandFailed e) {
            out.flush();
            err.println("error: " + e.getMessage());
            if (debug) {
                e.getCause().printStackTrace(err);
            }
            return Outcome.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The status asked for by the last {@code exit N} or {@code quit N} (0 without N). */
    int exitStatus() {
        return exitStatus;
    }
}
