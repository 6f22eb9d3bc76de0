package io.mpathj.handler.alua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RTPG answers of Linux 6.1's LIO target recorded in {@code lio-rtpg.txt}, and the raw answers the lio module's
 * suite recorded in {@code lio-answers.txt} (each file's header says where from).
 */
final class LioFixtures {
    private static final Map<String, byte[]> FIXTURES = load("lio-rtpg.txt");
    private static final Map<String, byte[]> ANSWERS = load("lio-answers.txt");

    private LioFixtures() {
    }

    /** The answer to RTPG with the extended header: RETURN DATA LENGTH 4 bytes short. */
    static byte[] extended() {
        return FIXTURES.get("extended").clone();
    }

    /** The answer to RTPG with the length-only header: whole. */
    static byte[] lengthOnly() {
        return FIXTURES.get("length-only").clone();
    }

    /** One answer of {@code lio-answers.txt}, e.g. {@code a.vpd83}. */
    static byte[] answer(String name) {
        byte[] b = ANSWERS.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no " + name + " in lio-answers.txt: " + ANSWERS.keySet());
        }
        return b.clone();
    }

    private static Map<String, byte[]> load(String resource) {
        try (InputStream in = LioFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            Map<String, byte[]> out = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                out.put(line.substring(0, colon).trim(), ScriptedDevice.bytes(line.substring(colon + 1).trim()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
