package org.ctcretrieval.models.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.ctcretrieval.common.InputException;

/**
 * Reads every key/value pair of an immutable sorted table in the LevelDB "table" format, which TensorFlow uses for
 * the {@code .index} file of a tensor bundle (tensorflow/core/lib/io/table_format.txt).
 *
 * <p>Layout: data blocks, a metaindex block, an index block, then a 48-byte footer holding the metaindex and index
 * block handles (two varint64s each: offset, size), zero padding and the magic number {@code 0xdb4775248b80fb57}.
 * Each block is followed by a 5-byte trailer: compression type (0 = none) and the masked CRC32C of the block plus
 * the type byte. A block holds prefix-compressed entries ({@code shared, unshared, valueLength} varints, the
 * unshared key bytes, the value), then the restart-point array (uint32 each) and its count (uint32).
 */
final class SortedTableReader {
    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    static final int TRAILER_LENGTH = 5;

    private SortedTableReader() {}

    /**
     * Reads all entries of the table in key order.
     *
     * @throws InputException if the file is truncated, has a bad magic number, a checksum mismatch, a compressed
     *                        block or a malformed block
     */
    static Map<String, byte[]> readAll(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < FOOTER_LENGTH) {
            throw new InputException(file, "truncated checkpoint index: " + bytes.length
                    + " bytes, shorter than the 48-byte table footer");
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int footer = bytes.length - FOOTER_LENGTH;
        if (le.getLong(bytes.length - 8) != MAGIC) {
            throw new InputException(file, "not a checkpoint index or truncated: bad table magic number at offset "
                    + (bytes.length - 8));
        }
        ProtoDecoder handles;
        long indexOffset;
        long indexSize;
        try {
            handles = new ProtoDecoder(bytes, footer, bytes.length - 8);
            handles.readVarint(); // metaindex offset: TensorFlow writes no meta blocks
            handles.readVarint(); // metaindex size
            indexOffset = handles.readVarint();
            indexSize = handles.readVarint();
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "corrupt table footer at offset " + footer + ": " + e.getMessage());
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> index : readBlock(file, bytes, indexOffset, indexSize, "index block").entrySet()) {
            long offset;
            long size;
            try {
                ProtoDecoder handle = new ProtoDecoder(index.getValue());
                offset = handle.readVarint();
                size = handle.readVarint();
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "corrupt block handle for key '" + index.getKey() + "': " + e.getMessage());
            }
            result.putAll(readBlock(file, bytes, offset, size, "data block at offset " + offset));
        }
        return result;
    }

    private static Map<String, byte[]> readBlock(Path file, byte[] bytes, long offset, long size, String what)
            throws InputException {
        if (offset < 0 || size < 4 || offset + size + TRAILER_LENGTH > bytes.length - FOOTER_LENGTH) {
            throw new InputException(file, "truncated or corrupt checkpoint index: " + what + " [offset " + offset
                    + ", size " + size + "] lies outside the " + bytes.length + "-byte file");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        int type = bytes[end] & 0xff;
        CRC32C crc = new CRC32C();
        crc.update(bytes, start, (int) size + 1);
        int stored = ByteBuffer.wrap(bytes, end + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (MaskedCrc.mask((int) crc.getValue()) != stored) {
            throw new InputException(file, "checksum mismatch in " + what + " (offset " + offset + ", " + size
                    + " bytes): the checkpoint index is corrupt");
        }
        if (type != 0) {
            throw new InputException(file, what + " uses compression type " + type + "; only uncompressed tables are supported");
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int restarts = le.getInt(end - 4);
        int entriesEnd = end - 4 - 4 * restarts;
        if (restarts < 0 || entriesEnd < start) {
            throw new InputException(file, "corrupt " + what + ": bad restart count " + restarts);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] key = new byte[0];
        try {
            int pos = start;
            while (pos < entriesEnd) {
                ProtoDecoder in = new ProtoDecoder(bytes, pos, entriesEnd);
                int shared = in.readLength();
                int unshared = in.readLength();
                int valueLength = in.readLength();
                int at = pos + in.position();
                if (shared > key.length || (long) at + unshared + valueLength > entriesEnd) {
                    throw new IllegalArgumentException("entry at block byte " + (pos - start) + " overruns the block");
                }
                byte[] next = new byte[shared + unshared];
                System.arraycopy(key, 0, next, 0, shared);
                System.arraycopy(bytes, at, next, shared, unshared);
                byte[] value = new byte[valueLength];
                System.arraycopy(bytes, at + unshared, value, 0, valueLength);
                key = next;
                entries.put(new String(key, StandardCharsets.UTF_8), value);
                pos = at + unshared + valueLength;
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "corrupt " + what + ": " + e.getMessage());
        }
        return entries;
    }
}
