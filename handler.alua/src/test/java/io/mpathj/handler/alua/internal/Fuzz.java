package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;

/** Feeds a decoder seeded random buffers with random lengths: it may decode or throw the parse exception, no more. */
final class Fuzz {
    /** A decoder under test; {@code length} may be negative or larger than the buffer. */
    @FunctionalInterface
    interface Decoder {
        void decode(byte[] data, int length, Random random) throws ScsiDataFormatException;
    }

    /** Shapes a random buffer so that it gets past the first checks more often. */
    @FunctionalInterface
    interface Shaper {
        void shape(byte[] data, Random random);
    }

    private Fuzz() {
    }

    static void run(long seed, int maxLength, Shaper shaper, Decoder decoder) {
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(maxLength)];
            random.nextBytes(b);
            shaper.shape(b, random);
            try {
                decoder.decode(b, random.nextInt(b.length + 2) - 1, random);
            } catch (ScsiDataFormatException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }
}
