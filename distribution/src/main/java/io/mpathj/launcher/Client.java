package io.mpathj.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Client mode: another {@code ./mpathj} on a home whose container is running talks to it over its socket
 * ({@link ControlServer}) instead of starting a second container. A script (a file or standard input) is sent line
 * by line and prints and exits exactly as in script mode; on a terminal it is a simple {@code g! } prompt, where
 * Ctrl-C interrupts the command running in the container and {@code exit}, {@code quit} or Ctrl-D end the client
 * (the container keeps running).
 */
final class Client {
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    /** The reader's word that the container went away. */
    private static final Integer LOST = Integer.MIN_VALUE;

    Client(Path home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** One attempt to connect to the container's socket; null when nothing answers there (yet). */
    SocketChannel tryConnect() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(Frames.socketPath(home)));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            return null;
        }
    }

    /** Sends every line of a script; the status as in script mode (or the one of {@code exit N}). */
    int runScript(SocketChannel channel, BufferedReader script) throws IOException {
        Frames frames = new Frames(channel);
        frames.write(Frames.MODE, "script");
        boolean ok = true;
        for (String line; (line = script.readLine()) != null;) {
            frames.write(Frames.LINE, line);
            Integer exit = awaitLine(frames);
            if (exit == null) {
                return lost();
            }
            if (exit >= 0x100) {
                return exit - 0x100;
            }
            ok &= exit == 0;
        }
        return ok ? 0 : 1;
    }

    /** The {@code g! } prompt on a terminal; Ctrl-C interrupts the running command. */
    int runInteractive(SocketChannel channel, BufferedReader terminal) throws IOException {
        Frames frames = new Frames(channel);
        frames.write(Frames.MODE, "interactive");
        AtomicBoolean running = new AtomicBoolean();
        installInterruptHandler(() -> {
            if (running.get()) {
                try {
                    frames.write(Frames.INTERRUPT, "");
                } catch (IOException e) {
                    // the container went away: the read of its answer says so
                }
            } else {
                out.print("\ng! ");
                out.flush();
            }
        });
        out.println("mpathj: connected to the container running on " + home + " (pid " + HomeLock.owner(home)
                + "); exit or Ctrl-D leaves it running");
        // the container's output is copied as it comes, also between commands: a command interrupted by Ctrl-C
        // may print its last words (mpath:io's summary) after the shell has its prompt back, as in the shell
        java.util.concurrent.BlockingQueue<Integer> ends = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                for (Integer end; (end = awaitLine(frames)) != null;) {
                    ends.add(end);
                }
            } catch (IOException e) {
                // the container went away: said below
            }
            ends.add(LOST);
        }, "mpathj-client-output");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            out.print("g! ");
            out.flush();
            String line = terminal.readLine();
            if (line == null) {
                out.println();
                return 0;
            }
            running.set(true);
            frames.write(Frames.LINE, line);
            Integer exit;
            try {
                exit = ends.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lost();
            }
            if (LOST.equals(exit)) {
                exit = null;
            }
            running.set(false);
            if (exit == null) {
                return lost();
            }
            if (exit >= 0x100) {
                return exit - 0x100;
            }
        }
    }

    /** Copies the container's output until the line is done: its status, 0x100 + N for exit N, null if lost. */
    private Integer awaitLine(Frames frames) throws IOException {
        for (Frames.Frame f; (f = frames.read()) != null;) {
            switch (f.type()) {
                case Frames.OUT -> {
                    out.write(f.payload());
                    out.flush();
                }
                case Frames.ERR -> {
                    out.flush();
                    err.write(f.payload());
                    err.flush();
                }
                case Frames.DONE -> {
                    return Integer.parseInt(f.text());
                }
                case Frames.EXIT -> {
                    return 0x100 + Integer.parseInt(f.text());
                }
                default -> throw new IOException("unexpected frame " + (char) f.type() + " from the container");
            }
        }
        return null;
    }

    private int lost() {
        err.println("mpathj: the container on " + home + " stopped");
        return 1;
    }

    /** The connection broke (the container stopped or was killed): one line, status 1. */
    int lost(IOException e) {
        err.println("mpathj: the container on " + home + " stopped (" + e.getMessage() + ")");
        return 1;
    }

    /** Ctrl-C (SIGINT): the handler runs instead of ending the JVM. */
    private static void installInterruptHandler(Runnable handler) {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> handler.run());
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }
}
