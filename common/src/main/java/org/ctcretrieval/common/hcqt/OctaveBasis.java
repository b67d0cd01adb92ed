package org.ctcretrieval.common.hcqt;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The sparse frequency-domain filter bank of one CQT octave, as librosa 0.7.2 {@code __cqt_filter_fft} builds it
 * (CSR rows: one filter each, columns: rfft bins 0..nFft/2).
 *
 * <p>Construction ({@code filters.constant_q} with {@code filter_scale=1, norm=1, window='hann', pad_fft=True}):
 * lengths {@code L_j = Q·sr/f_j} with {@code f_j = fmin·2^(j/bpo)} and {@code Q = 1/(2^(1/bpo) − 1)}; filter j is
 * {@code exp(i·2π·f'_j/sr·n)} for {@code n = floor(−L_j/2) … floor(L_j/2) − 1} ({@code f'_j = Q·sr/L_j}), times a
 * periodic Hann window of the same number of samples, divided by its L1 norm, rounded to complex64, centred in
 * {@code nFft = 2^ceil(log2 max L_j)} samples, multiplied by {@code L_j/nFft}; its FFT's bins 0..nFft/2 are
 * sparsified per row ({@code util.sparsify_rows}: keep the largest entries carrying all but the {@code sparsity}
 * fraction of the row's L1 mass).
 */
final class OctaveBasis {
    /** Every dense row range is a multiple of this many columns long (the basis products take four per pass). */
    static final int RANGE_MULTIPLE = 4;

    final int nFft;
    final int rows;
    final int[] rowPtr;
    final int[] col;
    final double[] re;
    final double[] im;
    /**
     * The same coefficients as contiguous column ranges per row, zeros where sparsification dropped an entry
     * inside the range and in the columns that pad each range to a multiple of {@link #RANGE_MULTIPLE}: row r covers
     * columns {@code firstCol[r] … firstCol[r] + rangeLen[r] − 1}, its coefficients start at {@code rangeStart[r]}
     * in {@code denseRe/denseIm}. Summing the extra zero products (of finite spectra) in column order gives
     * bit-identical results to the sparse product, without indirect indexing and without a remainder loop.
     */
    final int[] firstCol;
    final int[] rangeLen;
    final int[] rangeStart;
    final double[] denseRe;
    final double[] denseIm;
    /** Columns the dense ranges span, {@code 0 … denseColumns − 1} (the padding may pass column nFft/2). */
    final int denseColumns;
    /** Lowest and highest column any row uses. */
    final int minCol;
    final int maxCol;

    private OctaveBasis(int nFft, int rows, int[] rowPtr, int[] col, double[] re, double[] im) {
        this.nFft = nFft;
        this.rows = rows;
        this.rowPtr = rowPtr;
        this.col = col;
        this.re = re;
        this.im = im;
        firstCol = new int[rows];
        rangeLen = new int[rows];
        rangeStart = new int[rows];
        int total = 0;
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        int end = 0;
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] == rowPtr[r]) continue;
            int first = col[rowPtr[r]];
            int last = col[rowPtr[r + 1] - 1];
            lo = Math.min(lo, first);
            hi = Math.max(hi, last);
            firstCol[r] = first;
            rangeLen[r] = (last - first + RANGE_MULTIPLE) / RANGE_MULTIPLE * RANGE_MULTIPLE;
            rangeStart[r] = total;
            total += rangeLen[r];
            end = Math.max(end, first + rangeLen[r]);
        }
        denseColumns = end;
        minCol = hi < 0 ? 0 : lo;
        maxCol = hi;
        denseRe = new double[total];
        denseIm = new double[total];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                denseRe[rangeStart[r] + col[p] - firstCol[r]] = re[p];
                denseIm[rangeStart[r] + col[p] - firstCol[r]] = im[p];
            }
        }
    }

    /** Quality factor for {@code filter_scale = 1}: 1/(2^(1/bpo) − 1). */
    static double q(int binsPerOctave) {
        return 1.0 / (Math.pow(2.0, 1.0 / binsPerOctave) - 1);
    }

    /** {@code filters.constant_q_lengths}: Q·sr/f_j for j = 0..nBins−1 (tuning 0, filter_scale 1). */
    static double[] lengths(double sr, double fmin, int nBins, int binsPerOctave) {
        double q = q(binsPerOctave);
        double[] len = new double[nBins];
        for (int j = 0; j < nBins; j++) len[j] = q * sr / (fmin * Math.pow(2.0, j / (double) binsPerOctave));
        return len;
    }

    /**
     * Designs the sparse FFT basis.
     *
     * @param sr            sample rate of the octave's signal, Hz
     * @param fmin          frequency of the lowest filter, Hz
     * @param nFilters      filters in the octave
     * @param binsPerOctave bins per octave
     * @param sparsity      fraction of each row's L1 mass that may be dropped (librosa default 0.01)
     */
    static OctaveBasis design(double sr, double fmin, int nFilters, int binsPerOctave, double sparsity) {
        double q = q(binsPerOctave);
        double[] lengths = lengths(sr, fmin, nFilters, binsPerOctave);
        double maxLen = 0;
        for (double l : lengths) maxLen = Math.max(maxLen, l);
        int nFft = 1; // 2^ceil(log2(max length))
        while (nFft < maxLen) nFft <<= 1;
        int nCols = nFft / 2 + 1;
        DoubleFFT_1D fft = new DoubleFFT_1D(nFft);
        int[] rowPtr = new int[nFilters + 1];
        int[][] cols = new int[nFilters][];
        double[][] res = new double[nFilters][];
        double[][] ims = new double[nFilters][];
        for (int j = 0; j < nFilters; j++) {
            double len = lengths[j];
            double freq = q * sr / len;
            long start = (long) Math.floor(-len / 2);
            long stop = (long) Math.floor(len / 2);
            int m = (int) (stop - start);
            double[] sr0 = new double[m];
            double[] si0 = new double[m];
            double l1 = 0;
            for (int k = 0; k < m; k++) {
                double n = start + k;
                double phase = n * 2 * Math.PI * freq / sr;
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / m); // periodic Hann (scipy fftbins=True)
                sr0[k] = Math.cos(phase) * w;
                si0[k] = Math.sin(phase) * w;
                l1 += Math.hypot(sr0[k], si0[k]);
            }
            double gain = len / nFft;
            double[] buf = new double[2 * nFft];
            int lpad = (nFft - m) / 2;
            for (int k = 0; k < m; k++) {
                // complex64 filter, then *= L/nFft computed in double and stored as complex64
                float fr = (float) (sr0[k] / l1);
                float fi = (float) (si0[k] / l1);
                buf[2 * (lpad + k)] = (float) (fr * gain);
                buf[2 * (lpad + k) + 1] = (float) (fi * gain);
            }
            fft.complexForward(buf);
            double[] mag = new double[nCols];
            double norm = 0;
            for (int c = 0; c < nCols; c++) {
                mag[c] = Math.hypot(buf[2 * c], buf[2 * c + 1]);
                norm += mag[c];
            }
            double[] sorted = mag.clone();
            Arrays.sort(sorted);
            double cum = 0;
            int thresholdIdx = nCols - 1;
            for (int c = 0; c < nCols; c++) {
                cum += sorted[c] / norm;
                if (!(cum < sparsity)) {
                    thresholdIdx = c;
                    break;
                }
            }
            double threshold = sorted[thresholdIdx];
            int count = 0;
            for (int c = 0; c < nCols; c++) if (mag[c] >= threshold) count++;
            cols[j] = new int[count];
            res[j] = new double[count];
            ims[j] = new double[count];
            int p = 0;
            for (int c = 0; c < nCols; c++) {
                if (mag[c] >= threshold) {
                    cols[j][p] = c;
                    res[j][p] = buf[2 * c];
                    ims[j][p] = buf[2 * c + 1];
                    p++;
                }
            }
            rowPtr[j + 1] = rowPtr[j] + count;
        }
        int nnz = rowPtr[nFilters];
        int[] col = new int[nnz];
        double[] re = new double[nnz];
        double[] im = new double[nnz];
        for (int j = 0; j < nFilters; j++) {
            System.arraycopy(cols[j], 0, col, rowPtr[j], cols[j].length);
            System.arraycopy(res[j], 0, re, rowPtr[j], cols[j].length);
            System.arraycopy(ims[j], 0, im, rowPtr[j], cols[j].length);
        }
        return new OctaveBasis(nFft, nFilters, rowPtr, col, re, im);
    }

    /** This basis multiplied by {@code factor} (librosa's {@code fft_basis *= sqrt(2)} per octave). */
    OctaveBasis times(double factor) {
        double[] r = re.clone();
        double[] i = im.clone();
        for (int k = 0; k < r.length; k++) {
            r[k] *= factor;
            i[k] *= factor;
        }
        return new OctaveBasis(nFft, rows, rowPtr, col, r, i);
    }

    /** Number of stored (non-zero) coefficients. */
    int nonZeros() {
        return rowPtr[rows];
    }
}
