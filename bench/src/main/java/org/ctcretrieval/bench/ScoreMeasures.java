package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.query.score.ScoreReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The measure structure of a MusicXML score, read minimally: for the first part, each measure's printed number,
 * its start and length in quarter notes, whether it repeats or jumps, and how many notes each staff sounds in it.
 * This is enough to cut queries at measure boundaries and to locate them in the beat annotations.
 *
 * <p>Reads {@code score-partwise} documents, plain ({@code .musicxml}, {@code .xml}) or compressed ({@code .mxl}:
 * a zip whose {@code META-INF/container.xml} names the root file). A measure's length is the furthest position
 * reached by its notes, {@code <backup>} and {@code <forward>} (chord and grace notes do not advance time); an
 * empty measure takes the length of the current time signature.
 *
 * @param partId the first part's ID
 * @param staves number of staves of the first part (1 if it does not say)
 * @param measures the measures of the first part, in document order
 */
public record ScoreMeasures(String partId, int staves, List<Measure> measures) {

    /**
     * One measure.
     *
     * @param ordinal       0-based position in document order
     * @param number        the {@code number} attribute as written
     * @param startQuarters start, quarter notes from the beginning of the score (document order, repeats not
     *                      unfolded)
     * @param lengthQuarters length in quarter notes
     * @param implicit      {@code implicit="yes"}: a pickup or split measure that does not count in numbering
     * @param repeatsOrJumps holds a repeat barline, a volta ending, or a jump/marker (segno, coda, da capo, dal
     *                      segno, fine, to coda): playback does not simply continue with the next measure here
     * @param notesPerStaff sounding (non-rest, non-grace) notes per staff; index 0 = staff 1
     */
    public record Measure(int ordinal, String number, double startQuarters, double lengthQuarters, boolean implicit,
            boolean repeatsOrJumps, int[] notesPerStaff) {
        /** The measure number as an integer, or -1 if it is not a plain whole number. */
        public int numberValue() {
            return number.matches("\\d+") ? Integer.parseInt(number) : -1;
        }

        /** Sounding notes on {@code staff} (1-based); 0 for an unknown staff. */
        public int notesOnStaff(int staff) {
            return staff >= 1 && staff <= notesPerStaff.length ? notesPerStaff[staff - 1] : 0;
        }

        /** Sounding notes on all staves. */
        public int notes() {
            int n = 0;
            for (int c : notesPerStaff) n += c;
            return n;
        }
    }

    private static final String[] JUMP_ATTRIBUTES = {"dacapo", "dalsegno", "tocoda", "fine", "segno", "coda"};

    /** Reads the measure structure of {@code score}. */
    public static ScoreMeasures read(Path score) throws IOException {
        // the hardened reader of the score module: size limit, zip-bomb and path checks, no external entities
        Document doc = ScoreReader.musicXml(score);
        Element root = doc.getDocumentElement();
        if (!"score-partwise".equals(root.getTagName())) {
            throw new InputException(score, "only score-partwise MusicXML is supported, found <" + root.getTagName() + ">");
        }
        Element part = firstChild(root, "part");
        if (part == null) throw new InputException(score, "the score has no <part>");

        List<Measure> measures = new ArrayList<>();
        int divisions = 1;
        double timeSignatureQuarters = 4;
        int staves = 1;
        double start = 0;
        for (Element m : children(part, "measure")) {
            double pos = 0;
            double max = 0;
            boolean jumps = false;
            int[] perStaff = new int[Math.max(staves, 8)];
            for (Element c : children(m, null)) {
                switch (c.getTagName()) {
                    case "attributes" -> {
                        Element div = firstChild(c, "divisions");
                        if (div != null) divisions = Math.max(1, (int) Math.round(Double.parseDouble(div.getTextContent().strip())));
                        Element st = firstChild(c, "staves");
                        if (st != null) staves = Integer.parseInt(st.getTextContent().strip());
                        Element time = firstChild(c, "time");
                        if (time != null && firstChild(time, "beats") != null && firstChild(time, "beat-type") != null) {
                            timeSignatureQuarters = timeSignatureQuarters(firstChild(time, "beats").getTextContent(),
                                    firstChild(time, "beat-type").getTextContent(), timeSignatureQuarters);
                        }
                    }
                    case "note" -> {
                        boolean grace = firstChild(c, "grace") != null;
                        boolean chord = firstChild(c, "chord") != null;
                        Element dur = firstChild(c, "duration");
                        if (!grace && firstChild(c, "rest") == null) {
                            Element st = firstChild(c, "staff");
                            int s = st == null ? 1 : Integer.parseInt(st.getTextContent().strip());
                            if (s >= 1 && s <= perStaff.length) perStaff[s - 1]++;
                        }
                        if (!grace && !chord && dur != null) pos += quarters(dur, divisions);
                    }
                    case "backup" -> pos -= quarters(firstChild(c, "duration"), divisions);
                    case "forward" -> pos += quarters(firstChild(c, "duration"), divisions);
                    case "barline" -> jumps |= firstChild(c, "repeat") != null || firstChild(c, "ending") != null
                            || firstChild(c, "segno") != null || firstChild(c, "coda") != null;
                    case "direction" -> {
                        Element type = firstChild(c, "direction-type");
                        jumps |= type != null && (firstChild(type, "segno") != null || firstChild(type, "coda") != null);
                    }
                    default -> { }
                }
                max = Math.max(max, pos);
            }
            NodeList sounds = m.getElementsByTagName("sound");
            for (int i = 0; i < sounds.getLength(); i++) {
                Element s = (Element) sounds.item(i);
                for (String a : JUMP_ATTRIBUTES) jumps |= s.hasAttribute(a);
            }
            double length = max > 0 ? max : timeSignatureQuarters;
            int[] notes = java.util.Arrays.copyOf(perStaff, Math.max(staves, 1));
            measures.add(new Measure(measures.size(), m.getAttribute("number"), start, length,
                    "yes".equals(m.getAttribute("implicit")), jumps, notes));
            start += length;
        }
        if (measures.isEmpty()) throw new InputException(score, "the first part has no measures");
        return new ScoreMeasures(part.getAttribute("id"), staves, List.copyOf(measures));
    }

    private static double quarters(Element duration, int divisions) {
        return duration == null ? 0 : Double.parseDouble(duration.getTextContent().strip()) / divisions;
    }

    private static double timeSignatureQuarters(String beats, String beatType, double fallback) {
        try {
            double sum = 0;
            for (String b : beats.strip().split("\\+")) sum += Double.parseDouble(b.strip());
            return sum * 4.0 / Double.parseDouble(beatType.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Element firstChild(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) out.add(e);
        }
        return out;
    }
}
