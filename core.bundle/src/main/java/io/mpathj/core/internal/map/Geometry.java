package io.mpathj.core.internal.map;

/** A map's block size and length in blocks. */
public record Geometry(int blockSize, long blockCount) {
}
