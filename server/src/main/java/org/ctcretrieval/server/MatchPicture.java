package org.ctcretrieval.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctcretrieval.common.dtw.DtwMatch;
import org.ctcretrieval.common.dtw.SubsequenceDtw;
import org.ctcretrieval.common.features.FeatureSequence;
import org.ctcretrieval.common.index.RetrievalFeatures;

/**
 * Why a recording matched: the theme's chroma at the index's retrieval rate, the recording's chroma around its
 * best match, and the DTW path between them, for the page to draw. The match is the best subsequence-DTW match of
 * the (transposed) theme over the whole recording, the one an exhaustive search reports.
 */
final class MatchPicture {
    /** Recording frames shown either side of the match. */
    static final int CONTEXT_FRAMES = 20;

    private MatchPicture() {}

    static Map<String, Object> of(RecordingSource source, Recording r, FeatureSequence theme, int transposition)
            throws IOException {
        double rate = source.schema().retrievalRate();
        int d = source.schema().dimension();
        float[][] q = RetrievalFeatures.rotate(RetrievalFeatures.resample(theme, rate).frames(), Math.floorMod(transposition, 12));
        byte[] codes = source.chroma(r);
        int frames = codes.length / d;
        float[] rec = RetrievalFeatures.dequantizeNormalized(codes, 0, codes.length, d);
        SubsequenceDtw dtw = new SubsequenceDtw(q);
        DtwMatch best = dtw.bestMatch(rec, frames);
        if (best == null) throw new ApiError(422, "the recording is too short for this theme");
        int[][] path = dtw.pathOf(rec, 0, best.endFrame());
        int from = Math.max(0, best.startFrame() - CONTEXT_FRAMES);
        int to = Math.min(frames, best.endFrame() + 1 + CONTEXT_FRAMES);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recording", r.key());
        out.put("rate", rate);
        out.put("transposition", transposition);
        out.put("cost", best.cost());
        out.put("start", best.startSeconds(rate));
        out.put("end", best.endSeconds(rate));
        out.put("theme", rows(SubsequenceDtw.normalize(q), q.length, d));
        out.put("from", from);
        out.put("chroma", rows(rec, from, to, d));
        List<int[]> p = new ArrayList<>(List.of(path));
        out.put("path", p);
        return out;
    }

    /** Frames {@code from..to-1} of a flat {@code [T*D]} array as rows rounded to 3 decimals. */
    static List<double[]> rows(float[] flat, int from, int to, int d) {
        List<double[]> out = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            double[] row = new double[d];
            for (int c = 0; c < d; c++) row[c] = Math.round(flat[t * d + c] * 1000) / 1000.0;
            out.add(row);
        }
        return out;
    }

    private static List<double[]> rows(float[] flat, int frames, int d) {
        return rows(flat, 0, frames, d);
    }
}
