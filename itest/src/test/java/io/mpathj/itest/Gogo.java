package io.mpathj.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs Gogo command lines the way the shell would, in a fresh session per call with no input, and returns what the
 * command printed and returned. A command that throws surfaces as a {@link CommandFailedException} carrying its
 * output so far.
 */
public final class Gogo {
    /** What one command line produced. */
    public record Result(String command, Object value, String formatted, String out, String err) {
    }

    /** A command line threw: the cause is the command's exception (or Gogo's, e.g. CommandNotFoundException). */
    public static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String out;
        private final String err;

        CommandFailedException(String command, String out, String err, Exception cause) {
            super("'" + command + "' failed: " + cause + (out.isEmpty() ? "" : "\nstdout:\n" + out)
                    + (err.isEmpty() ? "" : "\nstderr:\n" + err), cause);
            this.out = out;
            this.err = err;
        }

        /** What the command printed to stdout before it failed. */
        public String out() {
            return out;
        }

        /** What the command printed to stderr before it failed. */
        public String err() {
            return err;
        }
    }

    private final CommandProcessor processor;

    public Gogo(CommandProcessor processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    /**
     * Executes one command line. {@link Result#formatted()} is the returned value as the shell would print it
     * ({@link Converter#INSPECT}), empty for null.
     *
     * @throws CommandFailedException if the command (or Gogo) threw
     */
    public Result run(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e)) {
            Object value;
            try {
                value = session.execute(command);
            } catch (Exception ex) {
                o.flush();
                e.flush();
                throw new CommandFailedException(command, text(out), text(err), ex);
            }
            String formatted = value == null ? "" : String.valueOf(session.format(value, Converter.INSPECT));
            o.flush();
            e.flush();
            return new Result(command, value, formatted, text(out), text(err));
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
