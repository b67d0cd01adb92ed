package org.ctcretrieval.common.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns chroma at the retrieval rate into discrete tokens and token n-grams ("shingles") that serve as Lucene
 * terms for the candidate search. The design (see docs/index-design.md) aims at terms that a theme and a
 * recording of it share even when tempo, instrumentation or key differ:
 * <ol>
 *   <li><b>Smoothing</b> (optional): a centred moving average over {@link Params#smoothFrames()} frames; off by
 *       default, because the resampling to the retrieval rate already smooths and more smoothing blurs the
 *       melody.</li>
 *   <li><b>Fixed codebook</b>, no training: per frame the strongest pitch class ({@code top1}, 12 symbols), the
 *       unordered pair of the two strongest classes ({@code top2}, 66 symbols) and the unordered set of the three
 *       strongest ({@code top3}, 220 symbols, about a chord). The unordered sets do not depend on which of nearly
 *       equally strong classes wins, which is where timbre, voicing and the score-versus-audio difference act; the
 *       three fields fail on different frames, so a recording that breaks the shingles of one field usually
 *       still shares those of another.</li>
 *   <li><b>Run-length collapse</b>: consecutive equal symbols become one token, which removes tempo: a theme
 *       played slower or faster produces the same token string. Runs shorter than {@link Params#minRun()}
 *       frames are dropped first, so a symbol that flickers up under noise does not break the shingles.</li>
 *   <li><b>Shingles</b>: n-grams of consecutive tokens ({@link Params#top1N()}, {@link Params#top2N()},
 *       {@link Params#top3N()}) are the terms; a recording shares all shingles of the passage that matches the
 *       theme.</li>
 *   <li><b>Transposition</b>: the codebook is equivariant under chroma rotation, so a transposed search rotates
 *       the query chroma ({@link RetrievalFeatures#rotate}) and quantises again.</li>
 * </ol>
 * Frames whose smoothed chroma is (near) zero or flat (strongest class below {@link #FLAT_RATIO} times the mean,
 * e.g. the uniform vector that stands for a rest or for noise) produce no token.
 */
public final class ShingleQuantizer {
    /** A frame yields a token only if its strongest class exceeds this multiple of the frame's mean. */
    public static final float FLAT_RATIO = 1.5f;

    /**
     * @param smoothFrames length of the moving-average window in frames at the retrieval rate (odd, &gt;= 1; 1 = off)
     * @param top1N        shingle length (tokens) of the top-1 field
     * @param top2N        shingle length (tokens) of the top-2 field
     * @param top3N        shingle length (tokens) of the top-3 field
     * @param minRun       runs of a symbol shorter than this many frames are dropped before collapsing (a symbol
     *                     that flickers up for a frame or two under noise would otherwise break every shingle
     *                     spanning it)
     */
    public record Params(int smoothFrames, int top1N, int top2N, int top3N, int minRun) {
        /**
         * No smoothing, 4-grams of top-1 classes, 2-grams of top-2 pairs and of top-3 sets, no minimum run. Chosen
         * on the scaled collection of transformed real deep chroma ({@code bench-search --from-index}, 100 hours):
         * 0.87 of the relevant recordings of the exhaustive top-10 among 100 BM25 candidates, where the earlier
         * two-field setting (3-frame smoothing, top-1 4-grams, top-2 3-grams) kept 0.70; see docs/index-design.md.
         */
        public static final Params DEFAULT = new Params(1, 4, 2, 2, 1);

        public Params {
            if (smoothFrames < 1 || top1N < 1 || top2N < 1 || top3N < 1 || minRun < 1) throw new IllegalArgumentException("shingle parameters must be >= 1");
        }
    }

    /** Tokens after run-length collapse: symbol and the first frame of its run. */
    public record Tokens(int[] symbols, int[] startFrames) {
        public int size() {
            return symbols.length;
        }
    }

    private final Params params;

    public ShingleQuantizer(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /** Top-1, top-2 and top-3 tokens of a chroma sequence {@code [T][12]}; index 0 = top1, 1 = top2, 2 = top3. */
    public Tokens[] tokens(float[][] chroma) {
        float[][] smooth = smooth(chroma, params.smoothFrames);
        int t = smooth.length;
        int[] s1 = new int[t];
        int[] s2 = new int[t];
        int[] s3 = new int[t];
        for (int i = 0; i < t; i++) {
            float[] f = smooth[i];
            int a = -1, b = -1, c3 = -1; // strongest, second, third class (lowest index wins ties)
            for (int c = 0; c < f.length; c++) {
                if (a < 0 || f[c] > f[a]) { c3 = b; b = a; a = c; }
                else if (b < 0 || f[c] > f[b]) { c3 = b; b = c; }
                else if (c3 < 0 || f[c] > f[c3]) c3 = c;
            }
            float mean = 0f;
            for (float v : f) mean += v;
            mean /= f.length;
            if (a < 0 || !(f[a] > 1e-4f) || f[a] < FLAT_RATIO * mean) { s1[i] = -1; s2[i] = -1; s3[i] = -1; continue; }
            s1[i] = a;
            s2[i] = Math.min(a, b) * f.length + Math.max(a, b);
            s3[i] = (1 << a) | (1 << b) | (1 << c3); // the set as a 12-bit mask
        }
        return new Tokens[] {collapse(s1, params.minRun), collapse(s2, params.minRun), collapse(s3, params.minRun)};
    }

    /**
     * One shingle term.
     *
     * @param field      {@link IndexSchema#FIELD_SHINGLES_TOP1}, {@link IndexSchema#FIELD_SHINGLES_TOP2} or
     *                   {@link IndexSchema#FIELD_SHINGLES_TOP3}
     * @param term       the term text: one letter {@code a..l} per pitch class; top-2 pairs and top-3 sets as
     *                   their letters in ascending order, tokens joined by dots
     * @param startFrame frame (at the retrieval rate) where the shingle's first token starts; stored as the term
     *                   position so a search can restrict DTW to the neighbourhood of matching shingles
     */
    public record Shingle(String field, String term, int startFrame) {}

    /** All shingles of the three fields, top-1 first, each field in time order (repeated shingles repeat). */
    public List<Shingle> shingles(float[][] chroma) {
        Tokens[] tok = tokens(chroma);
        List<Shingle> out = new ArrayList<>();
        ngrams(tok[0], params.top1N, false, IndexSchema.FIELD_SHINGLES_TOP1, out);
        ngrams(tok[1], params.top2N, true, IndexSchema.FIELD_SHINGLES_TOP2, out);
        ngramsOfSets(tok[2], params.top3N, IndexSchema.FIELD_SHINGLES_TOP3, out);
        return out;
    }

    /** n-grams of tokens that are 12-bit pitch-class sets, each written as its classes in ascending order. */
    static void ngramsOfSets(Tokens tokens, int n, String field, List<Shingle> out) {
        int[] s = tokens.symbols();
        StringBuilder sb = new StringBuilder(n * 4);
        for (int i = 0; i + n <= s.length; i++) {
            sb.setLength(0);
            for (int j = i; j < i + n; j++) {
                if (j > i) sb.append('.');
                for (int c = 0; c < 12; c++) if ((s[j] & (1 << c)) != 0) sb.append((char) ('a' + c));
            }
            out.add(new Shingle(field, sb.toString(), tokens.startFrames()[i]));
        }
    }

    static void ngrams(Tokens tokens, int n, boolean pair, String field, List<Shingle> out) {
        int[] s = tokens.symbols();
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i + n <= s.length; i++) {
            sb.setLength(0);
            for (int j = i; j < i + n; j++) {
                if (pair) {
                    if (j > i) sb.append('.');
                    sb.append((char) ('a' + s[j] / 12)).append((char) ('a' + s[j] % 12));
                } else {
                    sb.append((char) ('a' + s[j]));
                }
            }
            out.add(new Shingle(field, sb.toString(), tokens.startFrames()[i]));
        }
    }

    private static Tokens collapse(int[] symbols, int minRun) {
        int[] sym = new int[symbols.length];
        int[] start = new int[symbols.length];
        int k = 0;
        for (int i = 0; i < symbols.length; ) {
            int s = symbols[i];
            int j = i;
            while (j < symbols.length && symbols[j] == s) j++;
            // silence makes no token; short runs are dropped; neither breaks the surrounding run
            if (s >= 0 && j - i >= minRun && (k == 0 || sym[k - 1] != s)) {
                sym[k] = s;
                start[k] = i;
                k++;
            }
            i = j;
        }
        return new Tokens(java.util.Arrays.copyOf(sym, k), java.util.Arrays.copyOf(start, k));
    }

    private static float[][] smooth(float[][] x, int w) {
        if (w <= 1 || x.length == 0) return x;
        int d = x[0].length;
        int half = w / 2;
        float[][] out = new float[x.length][d];
        for (int t = 0; t < x.length; t++) {
            int lo = Math.max(0, t - half), hi = Math.min(x.length - 1, t + half);
            for (int i = lo; i <= hi; i++) for (int c = 0; c < d; c++) out[t][c] += x[i][c];
            float inv = 1f / (hi - lo + 1);
            for (int c = 0; c < d; c++) out[t][c] *= inv;
        }
        return out;
    }
}
