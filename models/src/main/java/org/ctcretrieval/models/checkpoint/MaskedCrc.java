package org.ctcretrieval.models.checkpoint;

/**
 * The CRC32C masking of LevelDB and TensorFlow ({@code crc32c::Mask}): rotate right by 15 bits and add
 * {@code 0xa282ead8}, so that a checksum of data that itself contains checksums stays well distributed.
 */
final class MaskedCrc {
    private static final int DELTA = 0xa282ead8;

    private MaskedCrc() {}

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + DELTA;
    }
}
