package io.mpathj.handler.alua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** The RTPG answers of Linux 6.1's LIO target recorded in {@code lio-rtpg.txt} (its header says where from). */
final class LioFixtures {
    private static final Map<String, byte[]> FIXTURES = load();

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

    private static Map<String, byte[]> load() {
        try (InputStream in = LioFixtures.class.getResourceAsStream("lio-rtpg.txt")) {
            if (in == null) {
                throw new IllegalStateException("lio-rtpg.txt is not on the test class path");
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
