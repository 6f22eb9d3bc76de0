package io.mpathj.transport.iscsi.internal;

import java.util.Random;

/**
 * ISIDs of the "random" format (RFC 7143 §11.12.5, T = 10b): a random B and C per transport and a counter in the
 * qualifier D, so each session of a transport is a separate I_T nexus and keeps its ISID for reinstatement.
 */
public final class IsidGenerator {
    private static final int RANDOM_FORMAT = 0x80;
    private final byte[] prefix = new byte[3];
    private int qualifier;

    public IsidGenerator(Random random) {
        random.nextBytes(prefix);
    }

    public synchronized byte[] next() {
        int d = qualifier++ & 0xFFFF;
        return new byte[] {(byte) RANDOM_FORMAT, prefix[0], prefix[1], prefix[2], (byte) (d >>> 8), (byte) d};
    }
}
