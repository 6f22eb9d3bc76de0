package io.mpathj.launcher;

import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * {@code exit [STATUS]} and {@code quit [STATUS]} in the interactive shell: stop the container cleanly (every bundle
 * stopped, felix-cache consistent) and end the launcher with STATUS (default 0). Gogo's default profile maps
 * {@code exit} to {@code System.exit(int)}, which needs the number and skips the framework's stop.
 */
public final class ExitCommand {
    private final Framework framework;
    private final AtomicInteger status;

    ExitCommand(Framework framework, AtomicInteger status) {
        this.framework = framework;
        this.status = status;
    }

    /** Registers the commands as mpathj:exit and mpathj:quit. */
    void register(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "mpathj");
        props.put("osgi.command.function", new String[] {"exit", "quit"});
        props.put(ShellCommands.DESCRIPTION_PROPERTY + "exit", "stop the container and end with status N (exit N; "
                + "default 0)");
        props.put(ShellCommands.DESCRIPTION_PROPERTY + "quit", "the same as exit");
        context.registerService(Object.class, this, props);
    }

    public void exit() {
        exit(0);
    }

    public void exit(int code) {
        status.set(code);
        // stopped from another thread: this one belongs to the shell, which the stop ends
        Thread stopper = new Thread(() -> {
            try {
                framework.stop();
            } catch (BundleException e) {
                throw new IllegalStateException("cannot stop the container", e);
            }
        }, "mpathj-exit");
        stopper.start();
    }

    public void quit() {
        exit(0);
    }

    public void quit(int code) {
        exit(code);
    }
}
