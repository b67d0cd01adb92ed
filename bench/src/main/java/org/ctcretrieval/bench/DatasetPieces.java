package org.ctcretrieval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ctcretrieval.common.InputException;

/**
 * Finds the pieces and performances of a dataset laid out like ASAP (Foscarin et al., ISMIR 2020).
 *
 * <p>Layout: any folder below the dataset root that holds {@code xml_score.mxl}, {@code midi_score.mid} and
 * {@code midi_score_annotations.txt} is a piece; every other {@code NAME.mid} in it with a
 * {@code NAME_annotations.txt} beside it is a performance by {@code NAME}. The piece's name is its folder path
 * joined with {@code _} (e.g. {@code Bach/Fugue/bwv_848} gives {@code Bach_Fugue_bwv_848}).
 *
 * <p>ASAP keeps some pieces twice, in folders with different repeat structures (e.g. {@code 17-1} and
 * {@code 17-1_no_repeat}); its {@code metadata.csv} gives both the same {@code (composer, title)}. When the root
 * holds a {@code metadata.csv}, only one folder per title is kept — the one with the most performances (ties: the
 * first path in alphabetical order) — so that no unlisted recording of the same music enters the collection.
 * Without {@code metadata.csv} each folder is its own piece.
 */
public final class DatasetPieces {
    private DatasetPieces() {}

    /** One performance: the performer's name, the MIDI file and its beat annotations. */
    public record Performance(String performer, Path midi, Path annotations) {}

    /**
     * One piece.
     *
     * @param name         unique name, the folder path joined with {@code _}
     * @param folder       the piece folder
     * @param relativePath the folder relative to the dataset root, {@code /}-separated
     * @param performances its performances, sorted by performer
     */
    public record Piece(String name, Path folder, String relativePath, List<Performance> performances) {
        public Path score() {
            return folder.resolve("xml_score.mxl");
        }

        public Path scoreMidi() {
            return folder.resolve("midi_score.mid");
        }

        public Path scoreAnnotations() {
            return folder.resolve("midi_score_annotations.txt");
        }
    }

    /** All pieces below {@code root}, sorted by name. */
    public static List<Piece> scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new InputException(root, "dataset folder not found");
        List<Path> folders;
        try (Stream<Path> s = Files.walk(root)) {
            folders = s.filter(p -> p.getFileName().toString().equals("xml_score.mxl")).map(Path::getParent)
                    .filter(d -> Files.isRegularFile(d.resolve("midi_score.mid"))
                            && Files.isRegularFile(d.resolve("midi_score_annotations.txt")))
                    .sorted().toList();
        }
        if (folders.isEmpty()) {
            throw new InputException(root, "no piece folders (with xml_score.mxl, midi_score.mid and"
                    + " midi_score_annotations.txt) in the dataset");
        }
        List<Piece> pieces = new ArrayList<>();
        for (Path d : folders) {
            String rel = slashed(root.relativize(d));
            List<Performance> perfs = new ArrayList<>();
            try (Stream<Path> s = Files.list(d)) {
                for (Path mid : s.sorted().toList()) {
                    String f = mid.getFileName().toString();
                    if (!f.endsWith(".mid") || f.equals("midi_score.mid")) continue;
                    String performer = f.substring(0, f.length() - 4);
                    Path ann = d.resolve(performer + "_annotations.txt");
                    if (Files.isRegularFile(ann)) perfs.add(new Performance(performer, mid, ann));
                }
            }
            pieces.add(new Piece(rel.replace('/', '_'), d, rel, List.copyOf(perfs)));
        }
        Path metadata = root.resolve("metadata.csv");
        if (Files.isRegularFile(metadata)) pieces = onePerTitle(pieces, titles(metadata));
        pieces.sort(Comparator.comparing(Piece::name));
        return pieces;
    }

    /** Folder (relative, {@code /}-separated) -> {@code composer/title} from ASAP's {@code metadata.csv}. */
    static Map<String, String> titles(Path metadata) throws IOException {
        List<String> lines = Files.readAllLines(metadata);
        if (lines.isEmpty()) throw new InputException(metadata, "empty metadata file");
        List<String> header = List.of(lines.get(0).split(",", -1));
        int composer = header.indexOf("composer");
        int title = header.indexOf("title");
        int folder = header.indexOf("folder");
        if (composer < 0 || title < 0 || folder < 0) {
            throw new InputException(metadata, "line 1: expected columns composer, title and folder");
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            if (f.length != header.size()) {
                throw new InputException(metadata, "line " + (i + 1) + ": expected " + header.size() + " fields, found " + f.length);
            }
            out.put(f[folder], f[composer] + "/" + f[title]);
        }
        return out;
    }

    private static List<Piece> onePerTitle(List<Piece> pieces, Map<String, String> titles) {
        Map<String, Piece> kept = new LinkedHashMap<>();
        for (Piece p : pieces) {
            String key = titles.getOrDefault(p.relativePath(), p.relativePath());
            Piece other = kept.get(key);
            if (other == null || p.performances().size() > other.performances().size()) kept.put(key, p);
        }
        return new ArrayList<>(kept.values());
    }

    private static String slashed(Path rel) {
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }
}
