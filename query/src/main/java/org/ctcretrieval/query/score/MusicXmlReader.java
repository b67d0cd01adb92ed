package org.ctcretrieval.query.score;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctcretrieval.common.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the notes of an uncompressed MusicXML document ({@code score-partwise}; {@code score-timewise} is first
 * converted by {@link TimewiseConverter}).
 *
 * <p>Semantics (MusicXML 4.0 reference):
 * <ul>
 *   <li>Durations come from {@code <duration>} divided by the current {@code <divisions>}, so dots and tuplets
 *       need no special handling. {@code <chord/>} notes start with the previous note; {@code <backup>} and
 *       {@code <forward>} move the position; rests and cue notes take time but do not sound; unpitched notes
 *       are ignored.</li>
 *   <li>Grace notes take no time: they are listed with duration 0 at the position of the following note (so
 *       they add nothing to chroma) and never join ties.</li>
 *   <li>Pitches are sounding pitches: written pitch plus {@code <transpose>} {@code chromatic} and
 *       12&times;{@code octave-change}. {@code <alter>} is rounded to the nearest semitone.</li>
 *   <li>Notes joined by {@code <tie type="stop"/>} (same part and pitch, contiguous) become one note.</li>
 *   <li>A measure lasts as long as the furthest position any voice of any part reaches in it. A
 *       {@code <backup>} past the measure start (an export error seen in real files) is clamped to the start,
 *       the measure is cut to the length of its time signature and notes beyond it are left out; each such
 *       repair is reported in {@link ParsedScore#warnings()}.</li>
 *   <li>Tempo: every {@code <sound tempo>} (quarter notes per minute). If the file has none, the
 *       {@code <metronome>} marks are used (beat unit with dots, times {@code per-minute}).</li>
 *   <li>Fermatas: a note or rest (not a grace note) with {@code <notations><fermata>} marks a hold span, its
 *       written duration {@code [onset, onset + duration)}; a fermata on the last note of a tie holds that note
 *       only. Spans from all parts (percussion included: a fermata holds the whole ensemble) and voices are
 *       merged ({@link HoldSpan#merge}) into {@link ParsedScore#holds()}; the selection's fermata factor then
 *       slows the tempo inside them ({@link TempoMap#withHolds}). A {@code <fermata>} on a {@code <barline>}
 *       has no duration and is not held.</li>
 *   <li>Velocity: the note's {@code dynamics} attribute, else the last {@code <sound dynamics>} of its part,
 *       as percent of forte = 90 (MusicXML convention); 80 when neither is given.</li>
 *   <li>Parts played on MIDI channel 10 ({@code <midi-instrument><midi-channel>10}, percussion) contribute no
 *       notes.</li>
 *   <li>Repeats, endings, da capo and segno are not unfolded: measures are read once, in file order.</li>
 * </ul>
 */
final class MusicXmlReader {
    /** Velocity when the score gives no dynamics. */
    static final int DEFAULT_VELOCITY = 80;
    private static final double TIE_TOLERANCE = 1e-4;
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private final Path file;
    private final List<String> warnings = new ArrayList<>();
    /** Measures with a {@code <backup>} past their start, to the length their time signature gives. */
    private final Map<Integer, Double> irregular = new HashMap<>();

    private MusicXmlReader(Path file) {
        this.file = file;
    }

    /** Reads an already parsed document; {@code file} is only used in error messages. */
    static ParsedScore read(Document doc, Path file) throws InputException {
        return new MusicXmlReader(file).read(doc);
    }

    /** A note with its position still relative to its measure. */
    private record PendingNote(int measureIndex, double pos, double duration, int pitch, int velocity,
                               int partIndex, int staff, String voice, boolean tieStart, boolean tieStop) {}

    private record Mark(int measureIndex, double pos, double bpm) {}

    /** The written duration of a note or rest under a fermata, relative to its measure. */
    private record Hold(int measureIndex, double pos, double duration) {}

    private final List<Hold> holds = new ArrayList<>();

    private ParsedScore read(Document doc) throws InputException {
        Element root = doc.getDocumentElement();
        if (root.getTagName().equals("score-timewise")) {
            root = TimewiseConverter.toPartwise(doc, file).getDocumentElement();
        } else if (!root.getTagName().equals("score-partwise")) {
            throw new InputException(file, "not a MusicXML score: root element is <" + root.getTagName()
                    + ">, expected <score-partwise> or <score-timewise>");
        }
        Map<String, String> partNames = new HashMap<>();
        java.util.Set<String> percussion = new java.util.HashSet<>();
        Element partList = child(root, "part-list");
        if (partList != null) {
            for (Element sp : children(partList, "score-part")) {
                partNames.put(sp.getAttribute("id"), text(child(sp, "part-name"), ""));
                for (Element mi : children(sp, "midi-instrument")) {
                    if (text(child(mi, "midi-channel"), "").equals("10")) percussion.add(sp.getAttribute("id"));
                }
            }
        }
        List<Element> partElems = children(root, "part");
        if (partElems.isEmpty()) throw new InputException(file, "MusicXML score has no <part>");

        List<PartInfo> parts = new ArrayList<>();
        List<PendingNote> pending = new ArrayList<>();
        List<Mark> soundTempo = new ArrayList<>();
        List<Mark> metronome = new ArrayList<>();
        List<Double> lengths = new ArrayList<>();
        List<Element> numbering = null;
        for (int pi = 0; pi < partElems.size(); pi++) {
            Element part = partElems.get(pi);
            String id = part.getAttribute("id");
            parts.add(new PartInfo(id.isEmpty() ? "P" + (pi + 1) : id, partNames.getOrDefault(id, "").trim(),
                    pi + 1));
            List<Element> measures = children(part, "measure");
            if (numbering == null || measures.size() > numbering.size()) numbering = measures;
            List<PendingNote> partNotes = new ArrayList<>();
            readPart(pi, measures, partNotes, soundTempo, metronome, lengths);
            if (!percussion.contains(id)) pending.addAll(partNotes);
        }

        for (var e : irregular.entrySet()) {
            lengths.set(e.getKey(), Math.min(lengths.get(e.getKey()), e.getValue()));
        }
        int before = pending.size();
        pending.removeIf(n -> irregular.containsKey(n.measureIndex())
                && (n.duration() > 0 ? n.pos() >= lengths.get(n.measureIndex()) - 1e-9
                                     : n.pos() > lengths.get(n.measureIndex()) + 1e-9));
        if (pending.size() < before) {
            warnings.add((before - pending.size()) + " note(s) beyond the end of irregular measures left out");
        }

        List<Measure> measures = new ArrayList<>();
        double start = 0;
        int numeric = 0;
        for (int i = 0; i < lengths.size(); i++) {
            Element m = numbering.get(i);
            String number = m.getAttribute("number").trim();
            if (number.matches("-?\\d+")) numeric = Integer.parseInt(number);
            if (number.isEmpty()) number = Integer.toString(numeric);
            measures.add(new Measure(number, numeric, "yes".equals(m.getAttribute("implicit")), start,
                    lengths.get(i)));
            start += lengths.get(i);
        }

        TreeMap<Double, Double> tempo = new TreeMap<>();
        for (Mark mk : soundTempo.isEmpty() ? metronome : soundTempo) {
            tempo.put(measures.get(mk.measureIndex()).startBeat() + mk.pos(), mk.bpm());
        }

        List<ParsedScore.RawNote> notes = mergeTies(pending, measures);
        if (notes.isEmpty()) throw new InputException(file, "the score has no pitched notes");
        return new ParsedScore(List.copyOf(parts), notes, List.copyOf(measures), TempoMap.of(tempo),
                !tempo.isEmpty(), holdSpans(measures), List.copyOf(warnings));
    }

    private void readPart(int partIndex, List<Element> measures, List<PendingNote> out, List<Mark> soundTempo,
                          List<Mark> metronome, List<Double> lengths) throws InputException {
        double divisions = 1;
        int transpose = 0;
        int velocity = DEFAULT_VELOCITY;
        double nominal = Double.NaN;
        for (int mi = 0; mi < measures.size(); mi++) {
            Element measure = measures.get(mi);
            String where = "part " + ((Element) measure.getParentNode()).getAttribute("id") + ", measure "
                    + measure.getAttribute("number");
            double pos = 0;
            double max = 0;
            double lastOnset = 0;
            boolean backupPastStart = false;
            for (Element e : children(measure, null)) {
                switch (e.getTagName()) {
                    case "attributes" -> {
                        Element div = child(e, "divisions");
                        if (div != null) {
                            divisions = number(div, where);
                            if (!(divisions > 0)) throw new InputException(file, where + ": <divisions> must be > 0");
                        }
                        Element time = child(e, "time");
                        if (time != null) nominal = timeSignatureQuarters(time, nominal);
                        Element tr = child(e, "transpose");
                        if (tr != null) {
                            transpose = (int) Math.round(number(child(tr, "chromatic"), 0, where))
                                    + 12 * (int) Math.round(number(child(tr, "octave-change"), 0, where));
                        }
                    }
                    case "direction" -> {
                        for (Element dt : children(e, "direction-type")) {
                            Element met = child(dt, "metronome");
                            Double bpm = met == null ? null : metronomeBpm(met);
                            if (bpm != null) metronome.add(new Mark(mi, pos, bpm));
                        }
                        Element sound = child(e, "sound");
                        if (sound != null) {
                            velocity = soundDynamics(sound, velocity);
                            Double t = soundTempo(sound);
                            if (t != null) soundTempo.add(new Mark(mi, pos, t));
                        }
                    }
                    case "sound" -> {
                        velocity = soundDynamics(e, velocity);
                        Double t = soundTempo(e);
                        if (t != null) soundTempo.add(new Mark(mi, pos, t));
                    }
                    case "backup" -> pos -= number(child(e, "duration"), where) / divisions;
                    case "forward" -> pos += number(child(e, "duration"), where) / divisions;
                    case "note" -> {
                        boolean grace = child(e, "grace") != null;
                        Element durElem = child(e, "duration");
                        if (durElem == null && !grace) {
                            throw new InputException(file, where + ": <note> without <duration>");
                        }
                        double dur = grace ? 0 : number(durElem, where) / divisions;
                        double onset = pos;
                        if (grace) {
                            // takes no time: sounds (for the note list) where the next note starts
                        } else if (child(e, "chord") != null) {
                            onset = lastOnset;
                        } else {
                            lastOnset = pos;
                            pos += dur;
                        }
                        if (!grace && dur > 0 && hasFermata(e)) holds.add(new Hold(mi, onset, dur));
                        Element pitch = child(e, "pitch");
                        if (pitch != null && child(e, "cue") == null && (dur > 0 || grace)) {
                            int midi = writtenPitch(pitch, where) + transpose;
                            int vel = velocity;
                            if (e.hasAttribute("dynamics")) vel = dynamicsToVelocity(e.getAttribute("dynamics"), vel);
                            int staff = (int) Math.round(number(child(e, "staff"), 1, where));
                            String voice = text(child(e, "voice"), "1");
                            boolean tieStart = false;
                            boolean tieStop = false;
                            for (Element tie : grace ? List.<Element>of() : children(e, "tie")) {
                                if ("start".equals(tie.getAttribute("type"))) tieStart = true;
                                if ("stop".equals(tie.getAttribute("type"))) tieStop = true;
                            }
                            if (midi >= 0 && midi <= 127) {
                                out.add(new PendingNote(mi, onset, dur, midi, vel, partIndex, staff, voice,
                                        tieStart, tieStop));
                            }
                        }
                    }
                    default -> { }
                }
                if (pos < -1e-9) {
                    // seen in exported ornaments; keep the rest of the measure usable
                    warnings.add(where + ": <backup> moves before the measure start; position set to 0");
                    pos = 0;
                    backupPastStart = true;
                }
                max = Math.max(max, pos);
            }
            if (backupPastStart && !Double.isNaN(nominal)) irregular.merge(mi, nominal, Math::min);
            if (max == 0 && !Double.isNaN(nominal)) max = nominal;  // an empty measure still lasts its bar
            while (lengths.size() <= mi) lengths.add(0.0);
            lengths.set(mi, Math.max(lengths.get(mi), max));
        }
    }

    /**
     * The fermata holds in quarter notes from the start of the piece, merged; a hold is cut at the end of its
     * measure (which only shortens it in a measure cut to its time signature).
     */
    private List<HoldSpan> holdSpans(List<Measure> measures) {
        List<HoldSpan> spans = new ArrayList<>();
        for (Hold h : holds) {
            Measure m = measures.get(h.measureIndex());
            double end = Math.min(h.pos() + h.duration(), m.lengthBeats());
            if (end > h.pos() + 1e-9) spans.add(new HoldSpan(m.startBeat() + h.pos(), m.startBeat() + end));
        }
        return HoldSpan.merge(spans);
    }

    /**
     * Joins tied notes. A note with {@code <tie type="stop"/>} extends a note of the same part and pitch that
     * carries a tie start and ends where this note starts (preferring the same voice, so unisons of two voices
     * stay apart); without such a note it stands alone.
     */
    private List<ParsedScore.RawNote> mergeTies(List<PendingNote> pending, List<Measure> measures) {
        List<ParsedScore.RawNote> out = new ArrayList<>();
        List<PendingNote> sorted = new ArrayList<>(pending);
        sorted.sort(Comparator.comparingDouble((PendingNote n) -> measures.get(n.measureIndex()).startBeat() + n.pos())
                .thenComparingInt(PendingNote::pitch));
        Map<Long, List<Integer>> open = new HashMap<>();
        for (PendingNote n : sorted) {
            double onset = measures.get(n.measureIndex()).startBeat() + n.pos();
            long key = ((long) n.partIndex() << 8) | n.pitch();
            List<Integer> candidates = open.computeIfAbsent(key, k -> new ArrayList<>());
            if (n.tieStop()) {
                int best = -1;
                for (int i = 0; i < candidates.size(); i++) {
                    ParsedScore.RawNote p = out.get(candidates.get(i));
                    if (Math.abs(p.onset() + p.duration() - onset) >= TIE_TOLERANCE) continue;
                    if (best < 0 || p.voice().equals(n.voice())) best = i;
                }
                if (best >= 0) {
                    int idx = candidates.remove(best);
                    ParsedScore.RawNote p = out.get(idx);
                    out.set(idx, new ParsedScore.RawNote(p.onset(), onset + n.duration() - p.onset(), p.pitch(),
                            p.velocity(), p.partIndex(), p.staff(), p.voice(), p.measureIndex()));
                    if (n.tieStart()) candidates.add(idx);
                    continue;
                }
            }
            // ties that did not continue by now never will
            candidates.removeIf(i -> out.get(i).onset() + out.get(i).duration() < onset - TIE_TOLERANCE);
            out.add(new ParsedScore.RawNote(onset, n.duration(), n.pitch(), n.velocity(), n.partIndex(), n.staff(),
                    n.voice(), n.measureIndex()));
            if (n.tieStart()) candidates.add(out.size() - 1);
        }
        out.sort(Comparator.comparingDouble(ParsedScore.RawNote::onset).thenComparingInt(ParsedScore.RawNote::pitch));
        return List.copyOf(out);
    }

    /** Whether a {@code <note>} carries {@code <notations><fermata>} (in any of its notations groups). */
    private static boolean hasFermata(Element note) {
        for (Element n : children(note, "notations")) {
            if (child(n, "fermata") != null) return true;
        }
        return false;
    }

    private int writtenPitch(Element pitch, String where) throws InputException {
        String step = text(child(pitch, "step"), "");
        int pc = switch (step) {
            case "C" -> 0;
            case "D" -> 2;
            case "E" -> 4;
            case "F" -> 5;
            case "G" -> 7;
            case "A" -> 9;
            case "B" -> 11;
            default -> throw new InputException(file, where + ": invalid pitch step '" + step + "'");
        };
        int alter = (int) Math.round(number(child(pitch, "alter"), 0, where));
        Element oct = child(pitch, "octave");
        if (oct == null) throw new InputException(file, where + ": <pitch> without <octave>");
        int octave = (int) Math.round(number(oct, where));
        return (octave + 1) * 12 + pc + alter;
    }

    /** Length in quarter notes of a {@code <time>} signature (beats such as "3+2" summed), or {@code fallback}. */
    private static double timeSignatureQuarters(Element time, double fallback) {
        Element beats = child(time, "beats");
        Element type = child(time, "beat-type");
        if (beats == null || type == null) return fallback;
        try {
            double sum = 0;
            for (String b : beats.getTextContent().trim().split("\\+")) sum += Double.parseDouble(b.trim());
            double t = Double.parseDouble(type.getTextContent().trim());
            return sum > 0 && t > 0 ? sum * 4 / t : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Quarter notes per minute of a {@code <metronome>} mark, or null if it is not a plain beat-unit = number. */
    static Double metronomeBpm(Element met) {
        Element unit = child(met, "beat-unit");
        Element perMinute = child(met, "per-minute");
        if (unit == null || perMinute == null) return null;
        Matcher m = NUMBER.matcher(perMinute.getTextContent());
        if (!m.find()) return null;
        double quarters = switch (unit.getTextContent().trim()) {
            case "long" -> 16;
            case "breve" -> 8;
            case "whole" -> 4;
            case "half" -> 2;
            case "quarter" -> 1;
            case "eighth" -> 0.5;
            case "16th" -> 0.25;
            case "32nd" -> 0.125;
            default -> 0;
        };
        if (quarters == 0) return null;
        double dotted = quarters;
        double add = quarters;
        for (int d = 0; d < children(met, "beat-unit-dot").size(); d++) {
            add /= 2;
            dotted += add;
        }
        return Double.parseDouble(m.group()) * dotted;
    }

    private static Double soundTempo(Element sound) {
        if (!sound.hasAttribute("tempo")) return null;
        try {
            double t = Double.parseDouble(sound.getAttribute("tempo").trim());
            return t > 0 && t < 10_000 ? t : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int soundDynamics(Element sound, int current) {
        return sound.hasAttribute("dynamics") ? dynamicsToVelocity(sound.getAttribute("dynamics"), current) : current;
    }

    private static int dynamicsToVelocity(String percent, int fallback) {
        try {
            double v = Double.parseDouble(percent.trim()) * 0.9;
            return (int) Math.max(1, Math.min(127, Math.round(v)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private double number(Element e, String where) throws InputException {
        String t = e == null ? "" : e.getTextContent().trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            throw new InputException(file, where + ": <" + (e == null ? "?" : e.getTagName())
                    + "> is not a number: '" + t + "'");
        }
    }

    private double number(Element e, double fallback, String where) throws InputException {
        return e == null ? fallback : number(e, where);
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(name)) return el;
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && (name == null || el.getTagName().equals(name))) out.add(el);
        }
        return out;
    }

    private static String text(Element e, String fallback) {
        return e == null ? fallback : e.getTextContent().trim();
    }
}
