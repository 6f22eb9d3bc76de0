package io.mpathj.daemon.internal.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The assembly's files in etc/ (bindings, wwids): read without comments; a new entry is appended (as
 * multipath-tools appends to its wwids and bindings files), a new file written whole and atomically.
 */
final class EtcFiles {
    private EtcFiles() {
    }

    /** The file's lines with {@code #} comments and surrounding blanks removed, with their 1-based numbers. */
    static List<String[]> contentLines(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            n++;
            String l = line.replaceFirst("#.*", "").strip();
            if (!l.isEmpty()) {
                out.add(new String[] {String.valueOf(n), l, line});
            }
        }
        return out;
    }

    /**
     * Appends one line ({@code line} ends with a newline) to the file, or, when it is missing or empty or does not
     * end with a newline, writes it whole as {@code wholeText}: one short write per entry, not the whole file
     * again (1,000 maps assembled at once would otherwise write the file 1,000 times over).
     */
    static void append(Path file, String line, CharSequence wholeText) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                ch.read(last, ch.size() - 1);
                if (last.get(0) == '\n') {
                    Files.writeString(file, line, StandardCharsets.ISO_8859_1,
                            java.nio.file.StandardOpenOption.APPEND);
                    return;
                }
            }
        }
        replace(file, wholeText);
    }

    /** Writes through a sibling temporary file and a rename, so a reader never sees half a file. */
    static void replace(Path file, CharSequence text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
