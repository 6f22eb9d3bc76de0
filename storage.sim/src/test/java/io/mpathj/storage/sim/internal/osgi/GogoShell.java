package io.mpathj.storage.sim.internal.osgi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Gogo's real command processor with the {@code sim:} commands added under their functions, as the OSGi whiteboard
 * adds them: command lines are tokenized, options and overloads resolved and arguments coerced by Gogo itself.
 */
final class GogoShell implements AutoCloseable {
    /** What a command line printed: its value as the shell formats it, or the failure as the shell prints it. */
    record Outcome(boolean failed, String text) {
    }

    private final ThreadIOImpl threadIo = new ThreadIOImpl();
    private final CommandProcessorImpl processor;

    GogoShell(SimCommands commands) {
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        for (String function : SimCommands.USAGE.keySet()) {
            processor.addCommand("sim", commands, function);
        }
    }

    /** Runs one command line in a fresh session. */
    Outcome execute(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, o)) {
            try {
                Object value = session.execute(line);
                return new Outcome(false, value == null ? "" : String.valueOf(session.format(value,
                        Converter.INSPECT)));
            } catch (Exception e) {
                // the shell prints a failure as its toString(): for a SimCommandException, the message alone
                return new Outcome(true, e.toString());
            }
        }
    }

    /** The value of a command line that must succeed. */
    String run(String line) {
        Outcome o = execute(line);
        if (o.failed()) {
            throw new AssertionError("'" + line + "' failed: " + o.text());
        }
        return o.text();
    }

    /** The one line a command line that must fail prints. */
    String fail(String line) {
        Outcome o = execute(line);
        if (!o.failed()) {
            throw new AssertionError("'" + line + "' did not fail: " + o.text());
        }
        if (o.text().contains("\n")) {
            throw new AssertionError("'" + line + "' failed with more than one line: " + o.text());
        }
        return o.text();
    }

    @Override
    public void close() {
        threadIo.stop();
    }
}
