package org.ctcretrieval.query.score;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.ctcretrieval.common.InputException;

/**
 * Reads the notes of a Standard MIDI File (format 0 or 1, PPQ time division) with {@code javax.sound.midi}, which
 * decodes running status.
 *
 * <p>Semantics:
 * <ul>
 *   <li>Each track with pitched notes is a part ({@code T<n>}, n = track number from 1, named by its first
 *       Track Name event); the voice is the MIDI channel 1..16, the staff always 1.</li>
 *   <li>A Note On with velocity 0 is a Note Off. A Note Off ends the earliest sounding note of the same channel
 *       and pitch; notes still sounding at the end of their track end there.</li>
 *   <li>Channel 10 (percussion in General MIDI) is ignored.</li>
 *   <li>Tempo: the Set Tempo events of all tracks ({@code 60e6 / microseconds per quarter}), default 120.</li>
 *   <li>Measures: counted from 1 at tick 0 using the Time Signature events (default 4/4); a time signature that
 *       does not fall on a bar line starts a new bar. Pickup bars cannot be told apart in MIDI.</li>
 * </ul>
 */
final class MidiScoreReader {
    private static final int DRUM_CHANNEL = 9;

    private MidiScoreReader() {}

    /**
     * Walks the chunks of the file: Java Sound reads a track whose length field runs past the end of the file, or
     * whose events are garbage, as an empty track, and the file would then be reported as having no notes. This
     * names the damaged track instead.
     */
    static void checkChunks(byte[] bytes, Path file) throws InputException {
        if (bytes.length < 14 || !chunk(bytes, 0, "MThd")) return; // MidiSystem reports a missing header
        int headerLength = int32(bytes, 4);
        if (headerLength != 6) return; // not a standard header: MidiSystem says what is wrong
        int tracks = ((bytes[10] & 0xff) << 8) | (bytes[11] & 0xff);
        long pos = 8L + headerLength;
        for (int t = 1; t <= tracks; t++) {
            if (pos + 8 > bytes.length) {
                throw new InputException(file, "corrupt MIDI file: the header announces " + tracks
                        + " track(s), the file ends before track " + t);
            }
            long length = int32(bytes, (int) pos + 4) & 0xffffffffL;
            if (!chunk(bytes, (int) pos, "MTrk")) {
                throw new InputException(file, "corrupt MIDI file: track " + t + " of " + tracks
                        + " does not start with 'MTrk' (byte " + pos + ")");
            }
            if (pos + 8 + length > bytes.length) {
                throw new InputException(file, "corrupt MIDI file: track " + t + " of " + tracks + " declares "
                        + length + " bytes, the file holds " + (bytes.length - pos - 8) + " more");
            }
            pos += 8 + length;
        }
    }

    private static boolean chunk(byte[] b, int off, String tag) {
        for (int i = 0; i < 4; i++) if (b[off + i] != (byte) tag.charAt(i)) return false;
        return true;
    }

    private static int int32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static ParsedScore read(byte[] bytes, Path file) throws InputException {
        Sequence seq;
        try {
            // the header's format field (bytes 8-9); format 2 is valid MIDI but holds independent sequences
            int type = bytes.length >= 10 ? ((bytes[8] & 0xff) << 8) | (bytes[9] & 0xff) : -1;
            if (type == 2) {
                throw new InputException(file, "MIDI file format 2 is not supported (only formats 0 and 1)");
            }
            checkChunks(bytes, file);
            seq = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        } catch (InputException e) {
            throw e;
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new InputException(file, "not a valid Standard MIDI File: " + e.getMessage(), e);
        }
        if (seq.getDivisionType() != Sequence.PPQ) {
            throw new InputException(file, "SMPTE time division is not supported (only ticks per quarter note)");
        }
        double res = seq.getResolution();
        if (!(res > 0)) throw new InputException(file, "MIDI resolution must be positive");

        TreeMap<Double, Double> tempo = new TreeMap<>();
        TreeMap<Long, double[]> timeSigs = new TreeMap<>();
        record Raw(long on, long off, int pitch, int velocity, int track, int channel) {}
        List<Raw> raws = new ArrayList<>();
        Map<Integer, String> trackNames = new HashMap<>();
        long lastTick = 0;
        Track[] tracks = seq.getTracks();
        for (int ti = 0; ti < tracks.length; ti++) {
            Track track = tracks[ti];
            Map<Integer, ArrayDeque<long[]>> sounding = new HashMap<>();
            long trackEnd = 0;
            for (int i = 0; i < track.size(); i++) {
                MidiEvent ev = track.get(i);
                long tick = ev.getTick();
                trackEnd = Math.max(trackEnd, tick);
                MidiMessage msg = ev.getMessage();
                if (msg instanceof MetaMessage meta) {
                    byte[] d = meta.getData();
                    switch (meta.getType()) {
                        case 0x51 -> {
                            if (d.length >= 3) {
                                int us = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
                                if (us > 0) tempo.put(tick / res, 60e6 / us);
                            }
                        }
                        case 0x58 -> {
                            if (d.length >= 2 && d[0] > 0 && (d[1] & 0xff) < 8) {
                                timeSigs.put(tick, new double[] {(d[0] & 0xff) * 4.0 / (1 << (d[1] & 0xff))});
                            }
                        }
                        case 0x03 -> trackNames.putIfAbsent(ti, new String(d, StandardCharsets.ISO_8859_1).trim());
                        default -> { }
                    }
                } else if (msg instanceof ShortMessage sm) {
                    int cmd = sm.getCommand();
                    int ch = sm.getChannel();
                    if (ch == DRUM_CHANNEL || (cmd != ShortMessage.NOTE_ON && cmd != ShortMessage.NOTE_OFF)) continue;
                    int key = ch * 128 + sm.getData1();
                    if (cmd == ShortMessage.NOTE_ON && sm.getData2() > 0) {
                        sounding.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new long[] {tick, sm.getData2()});
                    } else {
                        ArrayDeque<long[]> q = sounding.get(key);
                        if (q != null && !q.isEmpty()) {
                            long[] on = q.removeFirst();
                            raws.add(new Raw(on[0], tick, sm.getData1(), (int) on[1], ti, ch));
                        }
                    }
                }
            }
            for (var e : sounding.entrySet()) {
                for (long[] on : e.getValue()) {
                    raws.add(new Raw(on[0], trackEnd, e.getKey() % 128, (int) on[1], ti, e.getKey() / 128));
                }
            }
            lastTick = Math.max(lastTick, trackEnd);
        }
        raws.removeIf(r -> r.off() <= r.on());
        if (raws.isEmpty()) {
            throw new InputException(file, "the MIDI file has no notes (channel 10 percussion is ignored)");
        }

        int[] trackToPart = new int[tracks.length];
        Arrays.fill(trackToPart, -1);
        List<PartInfo> parts = new ArrayList<>();
        raws.sort(Comparator.comparingInt(Raw::track));
        for (Raw r : raws) {
            if (trackToPart[r.track()] < 0) {
                trackToPart[r.track()] = parts.size();
                parts.add(new PartInfo("T" + (r.track() + 1), trackNames.getOrDefault(r.track(), ""),
                        parts.size() + 1));
            }
        }

        long end = raws.stream().mapToLong(Raw::off).max().getAsLong();
        List<Measure> measures = bars(timeSigs, end / res, res);
        double[] starts = measures.stream().mapToDouble(Measure::startBeat).toArray();
        List<ParsedScore.RawNote> notes = new ArrayList<>();
        for (Raw r : raws) {
            double on = r.on() / res;
            int mi = Arrays.binarySearch(starts, on);
            if (mi < 0) mi = -mi - 2;
            notes.add(new ParsedScore.RawNote(on, (r.off() - r.on()) / res, r.pitch(), r.velocity(),
                    trackToPart[r.track()], 1, Integer.toString(r.channel() + 1), Math.max(0, mi)));
        }
        notes.sort(Comparator.comparingDouble(ParsedScore.RawNote::onset).thenComparingInt(ParsedScore.RawNote::pitch));
        return new ParsedScore(List.copyOf(parts), List.copyOf(notes), measures, TempoMap.of(tempo), !tempo.isEmpty(), List.of(),
                List.of());
    }

    /** Bar lines from tick 0 to {@code endBeat} (quarter notes) following the time signatures. */
    private static List<Measure> bars(TreeMap<Long, double[]> timeSigs, double endBeat, double res) {
        TreeMap<Double, Double> sigs = new TreeMap<>();
        sigs.put(0.0, 4.0);
        for (var e : timeSigs.entrySet()) sigs.put(e.getKey() / res, e.getValue()[0]);
        List<Measure> out = new ArrayList<>();
        double pos = 0;
        int number = 1;
        do {
            double len = sigs.floorEntry(pos + 1e-9).getValue();
            Double next = sigs.higherKey(pos + 1e-9);
            if (next != null && next < pos + len - 1e-9) len = next - pos;
            out.add(new Measure(Integer.toString(number), number, false, pos, len));
            pos += len;
            number++;
        } while (pos < endBeat - 1e-9);
        return List.copyOf(out);
    }
}
