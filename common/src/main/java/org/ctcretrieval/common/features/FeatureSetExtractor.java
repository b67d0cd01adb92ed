package org.ctcretrieval.common.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts several feature types of a recording in one go (for an index of several features). Implementations
 * may share work between the features, e.g. decode the audio and compute the HCQT once for classic and deep
 * chroma; the default, {@link #of(List)}, runs one extractor after the other.
 */
public interface FeatureSetExtractor {
    /** Identifiers of the features, in the order {@link #extract} returns them. */
    List<String> ids();

    /** Frame rates of the features, Hz, in {@link #ids()} order. */
    List<Double> frameRates();

    /** Decodes {@code audioFile} and extracts every feature, in {@link #ids()} order. */
    List<FeatureSequence> extract(Path audioFile) throws IOException;

    /** One extractor after the other. */
    static FeatureSetExtractor of(List<FeatureExtractor> extractors) {
        List<FeatureExtractor> list = List.copyOf(extractors);
        return new FeatureSetExtractor() {
            @Override
            public List<String> ids() {
                return list.stream().map(FeatureExtractor::id).toList();
            }

            @Override
            public List<Double> frameRates() {
                return list.stream().map(FeatureExtractor::frameRate).toList();
            }

            @Override
            public List<FeatureSequence> extract(Path audioFile) throws IOException {
                List<FeatureSequence> out = new ArrayList<>(list.size());
                for (FeatureExtractor e : list) out.add(e.extract(audioFile));
                return out;
            }
        };
    }
}
