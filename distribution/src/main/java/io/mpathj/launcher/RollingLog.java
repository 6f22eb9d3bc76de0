package io.mpathj.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The log file: appended to across restarts, rotated by size. When {@code mpathj.log} would grow past
 * {@code maxBytes} it becomes {@code mpathj.log.1} (the older ones shift to {@code .2} … and the oldest beyond
 * {@code keep} is deleted) and a new {@code mpathj.log} is started. A line is never split across two files.
 */
final class RollingLog {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final PrintStream fallback;
    private OutputStream out;
    private long size;

    /**
     * @param keep how many rotated files to keep besides the live one (0: the live file is truncated when full)
     * @param fallback where lines go when the file cannot be written (the reason is printed there once)
     */
    RollingLog(Path file, long maxBytes, int keep, PrintStream fallback) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.fallback = fallback;
    }

    synchronized void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + bytes.length > maxBytes) {
                rotate();
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
        } catch (IOException e) {
            if (out != null) {
                fallback.println("mpathj: cannot write the log " + file + ": " + e.getMessage()
                        + "; logging to standard error");
                closeQuietly();
            }
            out = null;
            fallback.print(text);
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(sibling(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(sibling(i))) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep > 0) {
            Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(file);
        }
        open();
    }

    private Path sibling(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // the file is being replaced or was lost; nothing more to save
        }
    }

    /** A size in bytes: a number, optionally followed by K, M or G (KiB, MiB, GiB). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = 1L << (10 * ("KMG".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        long n = Long.parseLong(t.trim());
        if (n <= 0) {
            throw new NumberFormatException("not a positive size: " + text);
        }
        return n * unit;
    }
}
