package org.ctcretrieval.query.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON form of a read score (selection, parts with their staves, measures, tempo, notes), shared by
 * {@code ctcr score --json} and the search server's {@code POST /api/score}.
 */
public final class ScoreJson {
    private ScoreJson() {}

    /**
     * A map (in key order) for a JSON writer.
     *
     * @param file          how the score file is named to the reader
     * @param staff         the staff selected, or null for all
     * @param fermataFactor the fermata factor the score was read with
     */
    public static Map<String, Object> of(Score s, String file, Integer staff, double fermataFactor) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file);
        doc.put("format", s.format());
        doc.put("parts", s.parts().stream().map(p -> part(p, s.notes())).toList());
        doc.put("selectedParts", s.selectedParts().stream().map(PartInfo::id).toList());
        doc.put("staff", staff);
        doc.put("tempoSource", s.tempoSource());
        doc.put("tempoKnown", !"default".equals(s.tempoSource()));
        doc.put("bpmAtStart", s.tempo().bpmAt(s.startBeat()));
        doc.put("startBeat", s.startBeat());
        doc.put("fermataFactor", fermataFactor);
        List<Map<String, Object>> holds = new ArrayList<>();
        for (HoldSpan h : s.holds()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("startBeat", h.startBeat());
            j.put("endBeat", h.endBeat());
            holds.add(j);
        }
        doc.put("holds", holds);
        doc.put("durationBeats", s.durationBeats());
        doc.put("durationSeconds", s.durationSeconds());
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measure m : s.measures()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("number", m.number());
            j.put("implicit", m.implicit());
            j.put("startBeat", m.startBeat());
            j.put("lengthBeats", m.lengthBeats());
            ms.add(j);
        }
        doc.put("measures", ms);
        doc.put("warnings", s.warnings());
        List<Map<String, Object>> ns = new ArrayList<>();
        for (Note n : s.notes()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("onsetBeats", n.onsetBeats());
            j.put("durationBeats", n.durationBeats());
            j.put("onsetSeconds", n.onsetSeconds());
            j.put("durationSeconds", n.durationSeconds());
            j.put("pitch", n.pitch());
            j.put("name", n.pitchName());
            j.put("velocity", n.velocity());
            j.put("part", n.part());
            j.put("staff", n.staff());
            j.put("voice", n.voice());
            j.put("measure", n.measure());
            ns.add(j);
        }
        doc.put("notes", ns);
        return doc;
    }

    /** A part with the staves its selected notes are on (empty if none of its notes is selected). */
    private static Map<String, Object> part(PartInfo p, List<Note> notes) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("index", p.index());
        j.put("id", p.id());
        j.put("name", p.name());
        TreeSet<Integer> staves = new TreeSet<>();
        for (Note n : notes) if (n.part().equals(p.id())) staves.add(n.staff());
        j.put("staves", List.copyOf(staves));
        return j;
    }
}
