package org.ctcretrieval.models.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Minimal reader of the Protocol Buffers wire format (varints, fixed32/fixed64, length-delimited fields), enough
 * for the few TensorFlow messages of a checkpoint index. Reference: protobuf "Encoding" documentation.
 *
 * <p>Errors are reported as {@link IllegalArgumentException} with the byte position; callers wrap them into an
 * error that names the file.
 */
final class ProtoDecoder {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;

    /** Decodes {@code bytes[from, to)}. */
    ProtoDecoder(byte[] bytes, int from, int to) {
        this.buf = ByteBuffer.wrap(bytes, from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    ProtoDecoder(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    boolean hasMore() {
        return buf.hasRemaining();
    }

    int position() {
        return buf.position();
    }

    /** Reads a base-128 varint of up to 64 bits. */
    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) throw new IllegalArgumentException("varint runs past the end at byte " + buf.position());
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at byte " + buf.position());
    }

    /** Reads a varint that must fit a non-negative int (lengths, counts). */
    int readLength() {
        long v = readVarint();
        if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("length " + v + " out of range at byte " + buf.position());
        return (int) v;
    }

    int readFixed32() {
        need(4);
        return buf.getInt();
    }

    long readFixed64() {
        need(8);
        return buf.getLong();
    }

    /** Reads a length-delimited field's payload. */
    byte[] readBytes() {
        int n = readLength();
        need(n);
        byte[] out = new byte[n];
        buf.get(out);
        return out;
    }

    /** Reads a tag; returns {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) throw new IllegalArgumentException("bad field tag " + tag + " at byte " + buf.position());
        return (int) tag;
    }

    /** Skips a field of the given wire type. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> readFixed64();
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> readFixed32();
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + buf.position());
        }
    }

    private void need(int n) {
        if (buf.remaining() < n) {
            throw new IllegalArgumentException("field of " + n + " bytes runs past the end at byte " + buf.position());
        }
    }
}
