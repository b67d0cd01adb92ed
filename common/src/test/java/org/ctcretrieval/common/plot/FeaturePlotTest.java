package org.ctcretrieval.common.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePlotTest {
    @TempDir Path dir;

    @Test
    void writesPngOfRequestedSizeWithDarkCellsWhereValuesAreHigh() throws Exception {
        float[][] chroma = new float[100][12];
        for (float[] f : chroma) f[7] = 1f; // G throughout
        float[][] pitch = new float[300][216];
        for (float[] f : pitch) f[3 * 31] = 1f; // G3 = MIDI 55 -> bin 93
        Path png = dir.resolve("sub/plot.png");
        new FeaturePlot("test")
                .addPitchPanel("HCQT h=1", pitch, 86.13, 24, 3)
                .addClassPanel("Chroma", chroma, 25, FeaturePlot.PITCH_CLASSES)
                .write(png, 800, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xff) < 40) dark++;
            }
        }
        // One active row per panel: a thin dark band, far from an all-black or all-white image.
        assertTrue(dark > 800, "too few dark pixels: " + dark);
        assertTrue(dark < 800 * 600 / 4, "too many dark pixels: " + dark);
    }
}
