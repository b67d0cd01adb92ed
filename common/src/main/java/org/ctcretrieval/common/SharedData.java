package org.ctcretrieval.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only data the product works with: the ctc_chroma checkpoints and example recordings, and the
 * public datasets used for evaluation.
 *
 * <p>Resolution order for the shared root: system property {@code ctcr.shared}, environment variable
 * {@code CTCR_SHARED}, then {@code ../shared} relative to the working directory. Model checkpoints may be placed
 * elsewhere with {@code CTC_CHROMA_MODELS}; datasets with {@code CTCR_DATASETS}.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared root folder (it may not exist; callers report a clear error when they need a file in it). */
    public static Path root() {
        String prop = System.getProperty("ctcr.shared");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath().normalize();
        String env = System.getenv("CTCR_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /** {@code <root>/ctc_chroma}: weights, example audio and golden vectors of the original package. */
    public static Path ctcChroma() {
        return root().resolve("ctc_chroma");
    }

    /** Folder of the TensorFlow checkpoints: {@code CTC_CHROMA_MODELS} or {@code <root>/ctc_chroma/models}. */
    public static Path modelCheckpoints() {
        String env = System.getenv("CTC_CHROMA_MODELS");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return ctcChroma().resolve("models");
    }

    /** The two public-domain example recordings shipped with the original package. */
    public static Path exampleAudio() {
        return ctcChroma().resolve("audio");
    }

    /** Golden vectors of the original network. */
    public static Path reference() {
        return ctcChroma().resolve("reference");
    }

    /** Folder of evaluation datasets: {@code CTCR_DATASETS} or {@code <root>/datasets}. */
    public static Path datasets() {
        String env = System.getenv("CTCR_DATASETS");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return root().resolve("datasets");
    }

    /** Returns {@code path} if it exists, otherwise throws an error saying what was looked for and where. */
    public static Path require(Path path, String what) {
        if (!Files.exists(path)) {
            throw new SetupException(what + " not found at " + path
                    + " (set CTCR_SHARED or pass the path explicitly)");
        }
        return path;
    }
}
