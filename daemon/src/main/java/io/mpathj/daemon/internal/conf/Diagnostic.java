package io.mpathj.daemon.internal.conf;

/**
 * One message about a configuration file, worded as multipath-tools words it where it has a message. An
 * {@link Level#ERROR} is a structural problem: an unbalanced or misplaced brace, a section missing its mandatory key
 * (device without vendor or product, multipath without wwid, protocol without type), which multipath-tools logs at
 * its error level. A {@link Level#WARN} is a problem of one line: unknown keyword or section, invalid value,
 * duplicate keyword, missing value or closing quote, extra data; the line (or value) is ignored and the keyword keeps
 * its previous value. An {@link Level#INFO} notes a deprecated value accepted or a keyword accepted without effect in
 * mpathj. No message stops the parse: like multipath-tools, the rest of the file is still read.
 *
 * @param level how serious
 * @param file the file name as given to the parser (multipath-tools prints the path it opened)
 * @param line 1-based line number; 0 when the message is about the whole file
 * @param message the text, in multipath-tools' words where it has some ("multipath.conf line 3, invalid keyword:
 *     foo")
 */
public record Diagnostic(Level level, String file, int line, String message) {
    public enum Level { INFO, WARN, ERROR }

    @Override
    public String toString() {
        return level + " " + message;
    }
}
