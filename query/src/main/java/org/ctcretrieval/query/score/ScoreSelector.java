package org.ctcretrieval.query.score;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ctcretrieval.common.InputException;

/**
 * Applies a {@link ScoreSelection} (part, staff, measure range, tempo override, fermata factor) to a parsed score.
 *
 * <p>Measure ranges are by printed number ({@link Measure#numeric()}), in file order, repeats not unfolded: every
 * measure whose number lies in the range is kept, so a pickup numbered 0 is kept by {@code 0-4} and an implicit
 * measure that continues a bar keeps that bar's number. The selection starts at the start of its first measure
 * (time 0). A note belongs to the measure in which it starts; notes tied in from before the range are left out,
 * notes lasting past its end are cut at the end.
 *
 * <p>Fermata holds slow down the tempo map ({@link TempoMap#withHolds}) whichever parts are selected: a fermata
 * holds the whole ensemble, so it shifts the notes of every part alike.
 */
final class ScoreSelector {
    private static final double EPS = 1e-9;

    private ScoreSelector() {}

    static Score apply(ParsedScore parsed, ScoreSelection sel, Path file, String format) throws InputException {
        List<PartInfo> parts = parsed.parts();
        List<PartInfo> chosenParts = parts;
        if (sel.part() != null) {
            chosenParts = parts.stream().filter(p -> p.matches(sel.part())).limit(1).collect(Collectors.toList());
            if (chosenParts.isEmpty()) {
                throw new InputException(file, "no part '" + sel.part() + "' (parts: "
                        + parts.stream().map(PartInfo::toString).collect(Collectors.joining(", ")) + ")");
            }
        }
        Set<Integer> partIdx = new HashSet<>();
        for (PartInfo p : chosenParts) partIdx.add(p.index() - 1);

        List<Measure> all = parsed.measures();
        if (all.isEmpty()) throw new InputException(file, "the score has no measures");
        List<Integer> measureIdx = new ArrayList<>();
        if (sel.measures() == null) {
            for (int i = 0; i < all.size(); i++) measureIdx.add(i);
        } else {
            int min = all.stream().mapToInt(Measure::numeric).min().getAsInt();
            int max = all.stream().mapToInt(Measure::numeric).max().getAsInt();
            MeasureRange r = sel.measures();
            if (r.first() < min || r.last() > max) {
                throw new InputException(file, "measures " + r + " are outside the piece (measures " + min + "-"
                        + max + ")");
            }
            for (int i = 0; i < all.size(); i++) if (r.contains(all.get(i).numeric())) measureIdx.add(i);
            if (measureIdx.isEmpty()) throw new InputException(file, "no measure numbered in " + r);
        }
        Set<Integer> measureSet = new HashSet<>(measureIdx);
        double start = all.get(measureIdx.get(0)).startBeat();
        double end = all.get(measureIdx.get(measureIdx.size() - 1)).endBeat();

        if (sel.staff() != null) {
            boolean exists = parsed.notes().stream()
                    .anyMatch(n -> partIdx.contains(n.partIndex()) && n.staff() == sel.staff());
            if (!exists) {
                throw new InputException(file, "no notes on staff " + sel.staff() + " in part(s) "
                        + chosenParts.stream().map(PartInfo::id).collect(Collectors.joining(", ")));
            }
        }

        TempoMap written = sel.bpm() != null ? TempoMap.constant(sel.bpm()) : parsed.tempo();
        TempoMap tempo = written.withHolds(parsed.holds(), sel.fermataFactor());
        String tempoSource = sel.bpm() != null ? "override" : parsed.hasTempo() ? "file" : "default";
        double t0 = tempo.seconds(start);
        List<Note> notes = new ArrayList<>();
        for (ParsedScore.RawNote n : parsed.notes()) {
            if (!partIdx.contains(n.partIndex()) || !measureSet.contains(n.measureIndex())) continue;
            if (sel.staff() != null && n.staff() != sel.staff()) continue;
            double on = n.onset();
            double off = Math.min(on + n.duration(), end);
            if (n.duration() > 0 && off <= on + EPS) continue;  // cut to nothing; grace notes have duration 0
            double onSec = tempo.seconds(on);
            notes.add(new Note(on - start, off - on, onSec - t0, tempo.seconds(off) - onSec, n.pitch(),
                    n.velocity(), parts.get(n.partIndex()).id(), n.staff(), n.voice(),
                    all.get(n.measureIndex()).number()));
        }
        if (notes.isEmpty()) {
            throw new InputException(file, "no notes in the selection (" + describe(sel) + ")");
        }
        notes.sort(Comparator.comparingDouble(Note::onsetBeats).thenComparingInt(Note::pitch));
        List<Measure> measures = new ArrayList<>();
        for (int i : measureIdx) {
            Measure m = all.get(i);
            measures.add(new Measure(m.number(), m.numeric(), m.implicit(), m.startBeat() - start, m.lengthBeats()));
        }
        List<HoldSpan> holds = new ArrayList<>();
        for (HoldSpan h : parsed.holds()) {
            double from = Math.max(h.startBeat(), start);
            double to = Math.min(h.endBeat(), end);
            if (to > from + EPS) holds.add(new HoldSpan(from - start, to - start));
        }
        return new Score(file, format, parts, chosenParts, List.copyOf(measures), List.copyOf(notes), start, tempo,
                tempoSource, List.copyOf(holds), parsed.warnings());
    }

    private static String describe(ScoreSelection s) {
        List<String> parts = new ArrayList<>();
        parts.add("part " + (s.part() == null ? "all" : s.part()));
        parts.add("staff " + (s.staff() == null ? "all" : s.staff()));
        parts.add("measures " + (s.measures() == null ? "all" : s.measures()));
        return String.join(", ", parts);
    }
}
