package org.ctcretrieval.testdata.themes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Hand-entered score themes (MusicXML resources under {@code themes/}) and generators for their other encodings:
 * compressed MusicXML built from the resource, and MIDI built note by note with {@code javax.sound.midi} from a
 * separately entered note table.
 */
public final class ThemeFixtures {
    /** Beethoven, Symphony no. 5, Op. 67, bars 1-5: Violin I (sounding pitch) and Clarinet in B-flat. */
    public static final String BEETHOVEN5 = "beethoven5_op67_opening.musicxml";
    /** The Violin I part of {@link #BEETHOVEN5} in timewise MusicXML. */
    public static final String BEETHOVEN5_TIMEWISE = "beethoven5_op67_opening_timewise.musicxml";
    /** Piano theme with two staves, voices, chords, ties, a triplet, a grace note and a transposing horn. */
    public static final String PIANO_THEME = "piano_theme_two_staves.musicxml";

    /** Ticks per quarter note of the generated MIDI files. */
    public static final int MIDI_RESOLUTION = 480;

    /**
     * Sounding notes of the Beethoven opening per part as {pitch, onset, duration} in eighth notes from bar 1
     * (2/4: four eighths a bar); entered from the score independently of the MusicXML text.
     */
    private static final int[][] BEETHOVEN5_NOTES = {
        {67, 1, 1}, {67, 2, 1}, {67, 3, 1},   // bar 1: eighth rest, G4 G4 G4
        {63, 4, 4},                           // bar 2: E-flat4 half (fermata)
        {65, 9, 1}, {65, 10, 1}, {65, 11, 1}, // bar 3: eighth rest, F4 F4 F4
        {62, 12, 8},                          // bars 4-5: D4 half tied to D4 half
    };

    private ThemeFixtures() {}

    /** Opens a theme resource by file name, e.g. {@link #BEETHOVEN5}. */
    public static InputStream open(String name) throws IOException {
        InputStream in = ThemeFixtures.class.getResourceAsStream("/themes/" + name);
        if (in == null) throw new IOException("theme resource not found: /themes/" + name);
        return in;
    }

    /** The bytes of a theme resource. */
    public static byte[] bytes(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    /** Copies a theme resource into {@code dir} under its own name and returns the new file. */
    public static Path copy(String name, Path dir) throws IOException {
        Path out = dir.resolve(name);
        Files.write(out, bytes(name));
        return out;
    }

    /**
     * Writes the theme as compressed MusicXML: a zip with a stored {@code mimetype} entry, a
     * {@code META-INF/container.xml} naming the rootfile, and the score at {@code score/<name>} (a sub-folder,
     * so readers must follow the container rather than guess).
     *
     * @return the written {@code .mxl} file, named after the theme
     */
    public static Path mxl(String name, Path dir) throws IOException {
        String rootPath = "score/" + name;
        String container = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container>\n  <rootfiles>\n"
                + "    <rootfile full-path=\"" + rootPath + "\" media-type=\"application/vnd.recordare.musicxml+xml\"/>\n"
                + "  </rootfiles>\n</container>\n";
        Path out = dir.resolve(name.replaceFirst("\\.[a-z]+$", "") + ".mxl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            byte[] mime = "application/vnd.recordare.musicxml".getBytes(StandardCharsets.US_ASCII);
            ZipEntry m = new ZipEntry("mimetype");
            m.setMethod(ZipEntry.STORED);
            m.setSize(mime.length);
            CRC32 crc = new CRC32();
            crc.update(mime);
            m.setCrc(crc.getValue());
            zip.putNextEntry(m);
            zip.write(mime);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/container.xml"));
            zip.write(container.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(rootPath));
            zip.write(bytes(name));
            zip.closeEntry();
        }
        return out;
    }

    /**
     * Writes the Beethoven opening as a format-1 Standard MIDI File: track 1 holds the tempo (half note = 108,
     * i.e. 216 quarter notes per minute) and the 2/4 time signature, track 2 "Violin I" (channel 1), track 3
     * "Clarinet in Bb" (channel 2), both in sounding pitch, velocity 96.
     */
    public static Path beethoven5Midi(Path dir) throws IOException {
        try {
            Sequence seq = new Sequence(Sequence.PPQ, MIDI_RESOLUTION);
            Track conductor = seq.createTrack();
            int usPerQuarter = (int) Math.round(60e6 / 216);
            conductor.add(meta(0x51, new byte[] {(byte) (usPerQuarter >> 16), (byte) (usPerQuarter >> 8),
                (byte) usPerQuarter}, 0));
            conductor.add(meta(0x58, new byte[] {2, 2, 24, 8}, 0));
            String[] names = {"Violin I", "Clarinet in Bb"};
            int eighth = MIDI_RESOLUTION / 2;
            for (int ch = 0; ch < names.length; ch++) {
                Track t = seq.createTrack();
                t.add(meta(0x03, names[ch].getBytes(StandardCharsets.US_ASCII), 0));
                for (int[] n : BEETHOVEN5_NOTES) {
                    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, n[0], 96), (long) n[1] * eighth));
                    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, n[0], 0),
                            (long) (n[1] + n[2]) * eighth));
                }
            }
            Path out = dir.resolve("beethoven5_op67_opening.mid");
            try (OutputStream os = Files.newOutputStream(out)) {
                MidiSystem.write(seq, 1, os);
            }
            return out;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MidiEvent meta(int type, byte[] data, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new MetaMessage(type, data, data.length), tick);
    }
}
