package org.ctcretrieval.query.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctcretrieval.common.InputException;

/** Reads the {@code manifest.json} of a {@code ctcr bench-build} collection. */
public final class BenchmarkManifest {
    private BenchmarkManifest() {}

    /**
     * The manifest as a JSON tree, with its {@code queries} array checked.
     *
     * @throws InputException if the file is missing, not JSON, or has no {@code queries} array
     */
    public static JsonNode read(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) throw new InputException(manifest, "benchmark manifest not found");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new InputException(manifest, "not JSON: " + e.getMessage(), e);
        }
        JsonNode queries = root.get("queries");
        if (queries == null || !queries.isArray()) throw new InputException(manifest, "no 'queries' array");
        return root;
    }
}
