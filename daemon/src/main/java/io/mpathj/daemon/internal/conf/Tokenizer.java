package io.mpathj.daemon.internal.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of multipath.conf into tokens as multipath-tools' {@code alloc_strvec} (libmpathutil/parser.c)
 * does: blanks and non-ASCII characters separate tokens outside quotes; {@code #} or {@code !} outside quotes starts
 * a comment; {@code {} and {@code }} are tokens of their own outside quotes; a double quote opens or closes a string
 * and is a token of its own ({@link Token#quote}); inside a string, {@code ""} stands for one {@code "} and
 * blanks, {@code #} and {@code !} are ordinary characters.
 */
final class Tokenizer {
    /** A token: a word, a brace, or the mark of a double quote. */
    record Token(String text, boolean quote) {
        static final Token QUOTE = new Token("\"", true);

        boolean is(String s) {
            return !quote && text.equals(s);
        }
    }

    private Tokenizer() {
    }

    /** C isspace() in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean skippable(char c) {
        return isSpace(c) || c > 127;
    }

    /** The tokens of {@code line} (without its end of line); empty for a blank or comment line. */
    static List<Token> split(String line) {
        List<Token> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n && skippable(line.charAt(i))) {
            i++;
        }
        if (i == n || line.charAt(i) == '!' || line.charAt(i) == '#') {
            return out;
        }
        boolean inString = false;
        while (true) {
            int start = i;
            if (i < n && line.charAt(i) == '"' && !(inString && i + 1 < n && line.charAt(i + 1) == '"')) {
                i++;
                out.add(Token.QUOTE);
                inString = !inString;
            } else if (!inString && i < n && (line.charAt(i) == '{' || line.charAt(i) == '}')) {
                out.add(new Token(String.valueOf(line.charAt(i)), false));
                i++;
            } else {
                boolean twoQuotes = false;
                while (true) {
                    while (i < n && line.charAt(i) != '"' && (inString || wordChar(line.charAt(i)))) {
                        i++;
                    }
                    if (inString && i + 1 < n && line.charAt(i) == '"' && line.charAt(i + 1) == '"') {
                        twoQuotes = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                String token = line.substring(start, i);
                out.add(new Token(twoQuotes ? token.replace("\"\"", "\"") : token, false));
            }
            while (!inString && i < n && skippable(line.charAt(i))) {
                i++;
            }
            if (i == n || (!inString && (line.charAt(i) == '!' || line.charAt(i) == '#'))) {
                return out;
            }
        }
    }

    private static boolean wordChar(char c) {
        return !isSpace(c) && c <= 127 && c != '!' && c != '#' && c != '{' && c != '}';
    }
}
