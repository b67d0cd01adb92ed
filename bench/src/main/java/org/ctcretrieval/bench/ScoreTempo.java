package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.ctcretrieval.query.score.MxlContainer;

/**
 * Copies of a score without its tempo marks, as many scores found in the wild come: the {@code tempo} attribute of
 * every {@code <sound>} element is dropped and every {@code <metronome>} mark becomes an empty {@code <words/>}
 * direction (so each {@code <direction-type>} keeps a child). A reader then falls back to its default tempo.
 */
public final class ScoreTempo {
    private static final Pattern SOUND_TEMPO = Pattern.compile("(<sound\\b[^>]*?)\\s+tempo\\s*=\\s*(\"[^\"]*\"|'[^']*')");
    private static final Pattern METRONOME = Pattern.compile("<metronome\\b[^>]*?(/>|>.*?</metronome\\s*>)", Pattern.DOTALL);

    private ScoreTempo() {}

    /** Whether the MusicXML text states a tempo ({@code <sound tempo>} or {@code <metronome>}). */
    public static boolean isMarked(String musicXml) {
        return SOUND_TEMPO.matcher(musicXml).find() || METRONOME.matcher(musicXml).find();
    }

    /** The MusicXML text without tempo marks. */
    public static String withoutTempo(String musicXml) {
        String s = SOUND_TEMPO.matcher(musicXml).replaceAll("$1");
        return METRONOME.matcher(s).replaceAll("<words/>");
    }

    /** The root MusicXML document of {@code score} (MusicXML or compressed {@code .mxl}) as text. */
    public static String read(Path score) throws IOException {
        byte[] xml = score.getFileName().toString().endsWith(".mxl") ? MxlContainer.musicXml(score) : Files.readAllBytes(score);
        return new String(xml, StandardCharsets.UTF_8);
    }

    /** Writes {@code score} without tempo marks to {@code out} (uncompressed MusicXML). */
    public static void writeWithoutTempo(Path score, Path out) throws IOException {
        Files.writeString(out, withoutTempo(read(score)), StandardCharsets.UTF_8);
    }
}
