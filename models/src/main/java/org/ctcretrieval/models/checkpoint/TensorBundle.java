package org.ctcretrieval.models.checkpoint;

import java.util.Locale;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.ctcretrieval.common.InputException;

/**
 * A TensorFlow 2 checkpoint in the tensor-bundle format ({@code tf.train.Checkpoint} / Keras
 * {@code save_weights}): {@code <prefix>.index}, a sorted table mapping each tensor name to a
 * {@code BundleEntryProto}, plus {@code <prefix>.data-00000-of-0000N} shards holding the raw little-endian bytes.
 * Reference: tensorflow/core/util/tensor_bundle/tensor_bundle.{h,cc} and tensor_bundle.proto.
 *
 * <p>Opening reads and validates the whole index; tensor bytes are read on demand and checked against the stored
 * masked CRC32C.
 */
public final class TensorBundle {
    private static final int DT_FLOAT = 1;

    private final Path prefix;
    private final int numShards;
    private final Map<String, TensorEntry> entries;

    private TensorBundle(Path prefix, int numShards, Map<String, TensorEntry> entries) {
        this.prefix = prefix;
        this.numShards = numShards;
        this.entries = entries;
    }

    /**
     * Opens the checkpoint with the given prefix, e.g. {@code models/model_v2_ctc_train345valid1} for the files
     * {@code model_v2_ctc_train345valid1.index} and {@code model_v2_ctc_train345valid1.data-00000-of-00001}.
     *
     * @throws InputException if the index is missing, truncated or corrupt, or describes a big-endian bundle
     */
    public static TensorBundle open(Path prefix) throws IOException {
        Path index = indexFile(prefix);
        if (!Files.isRegularFile(index)) throw new InputException(index, "checkpoint index not found");
        Map<String, byte[]> table = SortedTableReader.readAll(index);
        byte[] header = table.get("");
        if (header == null) throw new InputException(index, "checkpoint index has no header entry (empty key)");
        int numShards = parseHeader(index, header);
        Map<String, TensorEntry> entries = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : table.entrySet()) {
            if (e.getKey().isEmpty()) continue;
            TensorEntry entry = parseEntry(index, e.getKey(), e.getValue());
            if (entry.shardId() < 0 || entry.shardId() >= numShards) {
                throw new InputException(index, "tensor '" + e.getKey() + "' refers to shard " + entry.shardId()
                        + " of " + numShards);
            }
            entries.put(e.getKey(), entry);
        }
        return new TensorBundle(prefix, numShards, Collections.unmodifiableMap(entries));
    }

    /** {@code <prefix>.index}. */
    public static Path indexFile(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".index");
    }

    /** {@code <prefix>.data-<shard>-of-<numShards>} with five-digit numbers. */
    public Path dataFile(int shard) {
        return prefix.resolveSibling(String.format(Locale.ROOT, "%s.data-%05d-of-%05d", prefix.getFileName(), shard, numShards));
    }

    /** The checkpoint prefix this bundle was opened with. */
    public Path prefix() {
        return prefix;
    }

    public int numShards() {
        return numShards;
    }

    /** All tensors, sorted by name (the header entry excluded). */
    public List<TensorEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * The entry of one tensor.
     *
     * @throws InputException naming the index file if the checkpoint has no such tensor
     */
    public TensorEntry entry(String name) throws InputException {
        TensorEntry e = entries.get(name);
        if (e == null) throw new InputException(indexFile(prefix), "checkpoint has no tensor '" + name + "'");
        return e;
    }

    /**
     * Reads a float32 tensor in C order after checking its size and masked CRC32C.
     *
     * @param name    the checkpoint key
     * @param shape   the expected shape; a mismatch is an error (the checkpoint belongs to another network)
     * @throws InputException if the tensor is missing, has another dtype or shape, lies beyond the end of the data
     *                        file (truncated) or fails its checksum (corrupt)
     */
    public float[] readFloats(String name, long... shape) throws IOException {
        TensorEntry e = entry(name);
        Path index = indexFile(prefix);
        if (e.dtype() != DT_FLOAT) {
            throw new InputException(index, "tensor '" + name + "' is " + e.dtypeName() + ", expected float32");
        }
        if (!java.util.Arrays.equals(e.shape(), shape)) {
            throw new InputException(index, "tensor '" + name + "' has shape " + e.shapeString() + ", expected "
                    + TensorEntry.shapeString(shape));
        }
        if (e.size() != 4 * e.elementCount()) {
            throw new InputException(index, "tensor '" + name + "' has " + e.size() + " bytes for "
                    + e.elementCount() + " float32 values");
        }
        byte[] bytes = readBytes(e);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) e.elementCount()];
        le.asFloatBuffer().get(values);
        return values;
    }

    /** Reads the raw bytes of a tensor and verifies the masked CRC32C. */
    private byte[] readBytes(TensorEntry e) throws IOException {
        Path data = dataFile(e.shardId());
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            long length = ch.size();
            if (e.offset() < 0 || e.offset() + e.size() > length) {
                throw new InputException(data, "truncated checkpoint data: tensor '" + e.name() + "' needs bytes ["
                        + e.offset() + ", " + (e.offset() + e.size()) + ") but the file has " + length + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) e.size());
            while (buf.hasRemaining()) {
                if (ch.read(buf, e.offset() + buf.position()) < 0) {
                    throw new InputException(data, "unexpected end of file reading tensor '" + e.name()
                            + "' at offset " + (e.offset() + buf.position()));
                }
            }
            byte[] bytes = buf.array();
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            int masked = MaskedCrc.mask((int) crc.getValue());
            if (masked != e.maskedCrc32c()) {
                throw new InputException(data, String.format(Locale.ROOT,
                        "checksum mismatch for tensor '%s' (bytes %d..%d): stored masked crc32c %08x, computed %08x;"
                                + " the checkpoint data is corrupt", e.name(), e.offset(), e.offset() + e.size(),
                        e.maskedCrc32c(), masked));
            }
            return bytes;
        } catch (NoSuchFileException ex) {
            throw new InputException(data, "checkpoint data file not found (needed for tensor '" + e.name() + "')");
        }
    }

    /** Decodes a {@code BundleHeaderProto}: num_shards (1), endianness (2, 0 = little); returns the shard count. */
    private static int parseHeader(Path index, byte[] bytes) throws InputException {
        int numShards = 0;
        long endianness = 0;
        try {
            ProtoDecoder in = new ProtoDecoder(bytes);
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (tag) {
                    case (1 << 3) | ProtoDecoder.VARINT -> numShards = (int) in.readVarint();
                    case (2 << 3) | ProtoDecoder.VARINT -> endianness = in.readVarint();
                    default -> in.skip(tag & 7);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(index, "corrupt bundle header: " + e.getMessage());
        }
        if (endianness != 0) throw new InputException(index, "big-endian checkpoints are not supported");
        if (numShards < 1) throw new InputException(index, "bundle header announces " + numShards + " shards");
        return numShards;
    }

    /**
     * Decodes a {@code BundleEntryProto}: dtype (1), shape (2: TensorShapeProto, dim (2) {size (1)}), shard_id (3),
     * offset (4), size (5), crc32c (6, fixed32); slices (7) of partitioned variables are rejected.
     */
    private static TensorEntry parseEntry(Path index, String name, byte[] bytes) throws InputException {
        int dtype = 0;
        List<Long> shape = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        try {
            ProtoDecoder in = new ProtoDecoder(bytes);
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (tag) {
                    case (1 << 3) | ProtoDecoder.VARINT -> dtype = (int) in.readVarint();
                    case (2 << 3) | ProtoDecoder.LENGTH_DELIMITED -> shape = parseShape(in.readBytes());
                    case (3 << 3) | ProtoDecoder.VARINT -> shard = (int) in.readVarint();
                    case (4 << 3) | ProtoDecoder.VARINT -> offset = in.readVarint();
                    case (5 << 3) | ProtoDecoder.VARINT -> size = in.readVarint();
                    case (6 << 3) | ProtoDecoder.FIXED32 -> crc = in.readFixed32();
                    case (7 << 3) | ProtoDecoder.LENGTH_DELIMITED ->
                            throw new IllegalArgumentException("partitioned (sliced) tensors are not supported");
                    default -> in.skip(tag & 7);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(index, "corrupt entry for tensor '" + name + "': " + e.getMessage());
        }
        return new TensorEntry(name, dtype, shape.stream().mapToLong(Long::longValue).toArray(), shard, offset, size, crc);
    }

    /** TensorShapeProto: dim (2) = Dim {size (1)}; unknown_rank (3) ignored. */
    private static List<Long> parseShape(byte[] bytes) {
        List<Long> dims = new ArrayList<>();
        ProtoDecoder in = new ProtoDecoder(bytes);
        while (in.hasMore()) {
            int tag = in.readTag();
            if (tag == ((2 << 3) | ProtoDecoder.LENGTH_DELIMITED)) {
                ProtoDecoder dim = new ProtoDecoder(in.readBytes());
                long size = 0;
                while (dim.hasMore()) {
                    int t = dim.readTag();
                    if (t == ((1 << 3) | ProtoDecoder.VARINT)) size = dim.readVarint();
                    else dim.skip(t & 7);
                }
                dims.add(size);
            } else {
                in.skip(tag & 7);
            }
        }
        return dims;
    }
}
