package org.ctcretrieval.query.score;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ctcretrieval.common.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Extracts the root MusicXML document of a compressed MusicXML ({@code .mxl}) file: a zip archive whose
 * {@code META-INF/container.xml} names the score in its first {@code <rootfile full-path>} (MusicXML 4.0,
 * "Compressed MusicXML files").
 *
 * <p>Zip bombs are refused: at most {@link #MAX_ENTRIES} entries and {@link #MAX_UNCOMPRESSED_BYTES} bytes in
 * total are inflated, counted while inflating (sizes stated in the archive are not trusted).
 */
public final class MxlContainer {
    /** Cap on the total number of bytes inflated from one archive (64 MiB). */
    static final long MAX_UNCOMPRESSED_BYTES = 64L << 20;
    /** Cap on the number of entries in one archive. */
    static final int MAX_ENTRIES = 1000;
    private static final String CONTAINER = "META-INF/container.xml";

    private MxlContainer() {}

    /**
     * The root MusicXML document of a compressed MusicXML file ({@code .mxl}), with the same limits as the score
     * reader.
     */
    public static byte[] musicXml(Path mxl) throws java.io.IOException {
        if (java.nio.file.Files.size(mxl) > ScoreReader.MAX_FILE_BYTES) {
            throw new InputException(mxl, "file larger than " + ScoreReader.MAX_FILE_BYTES + " bytes (refused)");
        }
        return rootFile(java.nio.file.Files.readAllBytes(mxl), mxl).getValue();
    }

    /** Returns the entry name and bytes of the root MusicXML file. */
    static Map.Entry<String, byte[]> rootFile(byte[] zip, Path file) throws InputException {
        Map<String, byte[]> entries = inflate(zip, file);
        byte[] container = entries.get(CONTAINER);
        if (container == null) {
            throw new InputException(file, "not a compressed MusicXML file: the zip has no " + CONTAINER);
        }
        Document doc = SafeXml.parse(container, file, CONTAINER);
        Element rootfiles = MusicXmlReader.child(doc.getDocumentElement(), "rootfiles");
        Element rootfile = rootfiles == null ? null : MusicXmlReader.child(rootfiles, "rootfile");
        String path = rootfile == null ? "" : rootfile.getAttribute("full-path").trim();
        if (path.isEmpty()) throw new InputException(file, CONTAINER + " names no <rootfile full-path>");
        byte[] score = entries.get(path);
        if (score == null) {
            throw new InputException(file, CONTAINER + " names rootfile '" + path + "' but the zip has no such entry");
        }
        return Map.entry(path, score);
    }

    private static Map<String, byte[]> inflate(byte[] zip, Path file) throws InputException {
        Map<String, byte[]> entries = new HashMap<>();
        long total = 0;
        int count = 0;
        byte[] buf = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new InputException(file, "zip has more than " + MAX_ENTRIES + " entries (refused)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > MAX_UNCOMPRESSED_BYTES) {
                        throw new InputException(file, "zip inflates to more than " + (MAX_UNCOMPRESSED_BYTES >> 20)
                                + " MiB (refused as a possible zip bomb; entry " + e.getName() + ")");
                    }
                    if (!e.isDirectory()) out.write(buf, 0, n);
                }
                if (!e.isDirectory()) entries.put(e.getName(), out.toByteArray());
            }
        } catch (InputException ex) {
            throw ex;
        } catch (IOException | IllegalArgumentException ex) {
            throw new InputException(file, "corrupt zip archive: " + ex.getMessage(), ex);
        }
        if (count == 0) throw new InputException(file, "corrupt or empty zip archive");
        return entries;
    }
}
