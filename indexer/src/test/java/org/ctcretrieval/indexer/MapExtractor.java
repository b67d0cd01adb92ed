package org.ctcretrieval.indexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.features.FeatureSequence;

/**
 * Test extractor: the "audio" file holds a text seed and length in seconds ("seed seconds"); features are random
 * chroma generated from them at 25 Hz. Can be told to throw an unexpected error on its n-th call.
 */
final class MapExtractor implements FeatureExtractor {
    private final String id;
    private final int failOnCall;
    final AtomicInteger calls = new AtomicInteger();

    MapExtractor(String id, int failOnCall) {
        this.id = id;
        this.failOnCall = failOnCall;
    }

    MapExtractor(String id) {
        this(id, -1);
    }

    static Path write(Path dir, String name, long seed, double seconds) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, seed + " " + seconds);
        return p;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double frameRate() {
        return 25;
    }

    @Override
    public FeatureSequence extract(Path file) throws IOException {
        int call = calls.incrementAndGet();
        if (call == failOnCall) throw new IllegalStateException("simulated crash in extractor at " + file);
        String[] parts = Files.readString(file).trim().split(" ");
        if (parts.length != 2) throw new org.ctcretrieval.common.InputException(file, "not a test recording");
        Random rnd = new Random(Long.parseLong(parts[0]));
        int frames = (int) Math.round(Double.parseDouble(parts[1]) * 25);
        float[][] f = new float[frames][12];
        for (float[] row : f) for (int c = 0; c < 12; c++) row[c] = rnd.nextFloat();
        return new FeatureSequence(id, 25, f);
    }
}
