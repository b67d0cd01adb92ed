package org.ctcretrieval.common.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ctcretrieval.common.UsageException;
import org.ctcretrieval.common.io.AtomicFile;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Stacked time-aligned heat maps (pitch × time, chroma × time, probabilities × time) in one PNG, in the style of
 * the figures of the original ctc_chroma notebook: reversed grey scale, time in seconds on a shared axis.
 *
 * <p>Each panel holds a matrix {@code frames[t][row]} at its own frame rate, so an 86 Hz HCQT slice and 25 Hz
 * chroma line up in time. Panels with more frames than the image has pixels are max-pooled in time before
 * plotting, so long recordings stay cheap to draw without hiding short events.
 */
public final class FeaturePlot {
    /** Pitch-class names in the order of the chroma rows (C = 0). */
    public static final String[] PITCH_CLASSES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private record Panel(String title, float[][] frames, double frameRate, ValueAxis rowAxis, double rowOrigin,
                         double rowStep, int weight) {}

    private final String title;
    private final List<Panel> panels = new ArrayList<>();

    /** @param title figure title, e.g. the file name */
    public FeaturePlot(String title) {
        this.title = title;
    }

    /**
     * Adds a panel whose rows are named classes (pitch classes, or pitch classes plus the CTC blank).
     *
     * @param panelTitle y-axis label
     * @param frames     {@code [T][K]} values
     * @param frameRate  frames per second
     * @param rowLabels  K labels, bottom to top
     */
    public FeaturePlot addClassPanel(String panelTitle, float[][] frames, double frameRate, String[] rowLabels) {
        SymbolAxis axis = new SymbolAxis(panelTitle, rowLabels);
        axis.setGridBandsVisible(false);
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        panels.add(new Panel(panelTitle, frames, frameRate, axis, 0, 1, 2));
        return this;
    }

    /**
     * Adds a panel whose rows are log-frequency bins, labelled in MIDI pitch.
     *
     * @param panelTitle    y-axis label
     * @param frames        {@code [T][bins]} values
     * @param frameRate     frames per second
     * @param midiOfFirstBin MIDI pitch of bin 0 (24 for C1 = 32.70 Hz)
     * @param binsPerSemitone bins per semitone (3 for 36 bins per octave)
     */
    public FeaturePlot addPitchPanel(String panelTitle, float[][] frames, double frameRate, double midiOfFirstBin,
                                     int binsPerSemitone) {
        NumberAxis axis = new NumberAxis(panelTitle + " (MIDI pitch)");
        axis.setAutoRangeIncludesZero(false);
        double step = 1.0 / binsPerSemitone;
        int bins = frames.length == 0 ? 0 : frames[0].length;
        axis.setRange(midiOfFirstBin - step / 2, midiOfFirstBin + (bins - 0.5) * step);
        panels.add(new Panel(panelTitle, frames, frameRate, axis, midiOfFirstBin, step, 3));
        return this;
    }

    /** Image formats a plot is written in, chosen by the output file's extension. */
    public enum ImageFormat {
        PNG, JPEG;

        /**
         * The format of {@code out}: {@code .png}, or {@code .jpg}/{@code .jpeg}.
         *
         * @throws UsageException naming the file for any other extension, before anything is computed or written
         */
        public static ImageFormat of(Path out) {
            String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) return PNG;
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return JPEG;
            throw new UsageException(out + ": cannot write this image format (use a .png, .jpg or .jpeg file name)");
        }
    }

    /** Renders all panels into a PNG or JPEG (by the extension of {@code out}, see {@link ImageFormat}), atomically. */
    public void write(Path out, int width, int heightPerPanel) throws IOException {
        ImageFormat format = ImageFormat.of(out);
        if (panels.isEmpty()) throw new IllegalStateException("nothing to plot");
        NumberAxis time = new NumberAxis("Time (s)");
        time.setLowerMargin(0);
        time.setUpperMargin(0);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(8);
        double duration = 0;
        for (Panel p : panels) {
            combined.add(toPlot(p, width), p.weight());
            duration = Math.max(duration, p.frames().length / p.frameRate());
        }
        time.setRange(0, Math.max(duration, 1e-3));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        int height = heightPerPanel * panels.size();
        AtomicFile.write(out, stream -> {
            if (format == ImageFormat.PNG) ChartUtils.writeChartAsPNG(stream, chart, width, height);
            else ChartUtils.writeChartAsJPEG(stream, 0.92f, chart, width, height);
        });
    }

    private static XYPlot toPlot(Panel p, int widthPixels) {
        int frames = p.frames().length;
        int pool = Math.max(1, (int) Math.ceil(frames / (double) widthPixels));
        int columns = (frames + pool - 1) / pool;
        int rows = frames == 0 ? 0 : p.frames()[0].length;
        double[] xs = new double[columns * rows];
        double[] ys = new double[columns * rows];
        double[] zs = new double[columns * rows];
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        int i = 0;
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                float v = Float.NEGATIVE_INFINITY;
                for (int t = c * pool; t < Math.min(frames, (c + 1) * pool); t++) v = Math.max(v, p.frames()[t][r]);
                xs[i] = c * pool / p.frameRate();
                ys[i] = p.rowOrigin() + r * p.rowStep();
                zs[i] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                i++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(p.title(), new double[][] {xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(pool / p.frameRate());
        renderer.setBlockHeight(p.rowStep());
        renderer.setBlockAnchor(RectangleAnchor.LEFT);
        renderer.setPaintScale(new ReversedGrayScale(lo, hi > lo ? hi : lo + 1));
        XYPlot plot = new XYPlot(data, null, p.rowAxis(), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return plot;
    }

    /** White for the lowest value, black for the highest (matplotlib's {@code gray_r}). */
    private record ReversedGrayScale(double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double v = (value - lower) / (upper - lower);
            int g = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, v))));
            return new Color(g, g, g);
        }
    }
}
