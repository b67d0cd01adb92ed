package org.ctcretrieval.query.score;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ctcretrieval.common.InputException;

/**
 * Reads the notes of a score file: MusicXML ({@code .musicxml}/{@code .xml}, partwise or timewise), compressed
 * MusicXML ({@code .mxl}) or a Standard MIDI File (format 0/1). The format is recognised from the content (zip
 * signature, {@code MThd} header or XML), not from the file name.
 *
 * <p>Files larger than {@link #MAX_FILE_BYTES} are refused. Every problem with the file is reported as an
 * {@link InputException} naming the file and the place in it.
 */
public final class ScoreReader {
    /** Largest score file accepted, 64 MiB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private ScoreReader() {}

    /** Reads all notes of {@code file} at the tempo it states; same as {@code read(file, ScoreSelection.ALL)}. */
    public static Score read(Path file) throws InputException {
        return read(file, ScoreSelection.ALL);
    }

    /**
     * Reads {@code file} and applies {@code selection}.
     *
     * @param file      MusicXML, .mxl or MIDI file
     * @param selection part, staff, measure range and tempo override; {@link ScoreSelection#ALL} for everything
     * @return the selected notes with times relative to the selection start
     * @throws InputException if the file cannot be read, is malformed, has no notes, or the selection names a
     *                        part, staff or measures the file does not have
     */
    public static Score read(Path file, ScoreSelection selection) throws InputException {
        String format;
        ParsedScore parsed;
        byte[] bytes = readBytes(file);
        if (startsWith(bytes, "PK\u0003\u0004")) {
            format = "mxl";
            Map.Entry<String, byte[]> root = MxlContainer.rootFile(bytes, file);
            parsed = MusicXmlReader.read(SafeXml.parse(root.getValue(), file, root.getKey()), file);
        } else if (startsWith(bytes, "MThd")) {
            format = "midi";
            parsed = MidiScoreReader.read(bytes, file);
        } else if (looksLikeXml(bytes)) {
            format = "musicxml";
            parsed = MusicXmlReader.read(SafeXml.parse(bytes, file, null), file);
        } else {
            throw new InputException(file, "unrecognised score format (expected MusicXML, compressed MusicXML .mxl "
                    + "or a Standard MIDI File)");
        }
        return ScoreSelector.apply(parsed, selection, file, format);
    }

    /**
     * The MusicXML document of a {@code .musicxml}/{@code .xml} or compressed {@code .mxl} file, read with the same
     * hardening as {@link #read} (size limit, zip-bomb and path checks of the container, no external entities), for
     * tools that need more of the file than its notes (e.g. the measure structure).
     *
     * @throws InputException naming the file if it is too large, not MusicXML, or malformed
     */
    public static org.w3c.dom.Document musicXml(Path file) throws InputException {
        byte[] bytes = readBytes(file);
        if (startsWith(bytes, "PK\u0003\u0004")) {
            Map.Entry<String, byte[]> root = MxlContainer.rootFile(bytes, file);
            return SafeXml.parse(root.getValue(), file, root.getKey());
        }
        if (looksLikeXml(bytes)) return SafeXml.parse(bytes, file, null);
        throw new InputException(file, "not MusicXML (expected a .musicxml/.xml file or compressed MusicXML .mxl)");
    }

    private static byte[] readBytes(Path file) throws InputException {
        try {
            if (!Files.isRegularFile(file)) throw new InputException(file, "no such file");
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InputException(file, "file is too large (" + size + " bytes; limit " + MAX_FILE_BYTES
                        + ")");
            }
            if (size == 0) throw new InputException(file, "file is empty");
            return Files.readAllBytes(file);
        } catch (InputException e) {
            throw e;
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] b, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length < m.length) return false;
        for (int i = 0; i < m.length; i++) if (b[i] != m[i]) return false;
        return true;
    }

    private static boolean looksLikeXml(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) i = 3;
        if (b.length >= 2 && ((b[0] & 0xff) == 0xFE || (b[0] & 0xff) == 0xFF)) return true;  // UTF-16 BOM
        while (i < b.length && Character.isWhitespace(b[i])) i++;
        return i < b.length && b[i] == '<';
    }
}
