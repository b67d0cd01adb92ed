package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctcretrieval.common.features.FeatureExtractor;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.indexer.CollectionIndexer;
import org.ctcretrieval.indexer.FeatureExtractors;
import org.ctcretrieval.indexer.FeatureSetIndexer;
import org.ctcretrieval.query.score.ScoreReader;
import org.ctcretrieval.query.score.ScoreSelection;
import org.ctcretrieval.query.search.FusedSearcher;
import org.ctcretrieval.query.search.FusionRule;
import org.ctcretrieval.query.search.ScoreSearch;
import org.ctcretrieval.query.search.SearchHit;
import org.ctcretrieval.query.search.SearchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fused index (two classic chroma features of the example recordings) served and searched as 'ctcr query' does. */
class FusedIndexServerTest {
    @TempDir Path tmp;

    @Test
    void theServerRanksAFusedIndexAsTheQueryCommandDoes() throws Exception {
        FeatureExtractors all = FeatureExtractors.discover();
        List<FeatureExtractor> extractors = List.of(all.create("cqt"), all.create("cens"));
        List<IndexSchema> schemas = new ArrayList<>();
        for (FeatureExtractor e : extractors) schemas.add(IndexSchema.forFeatures(e.id(), e.frameRate(), 12));
        Path fused = tmp.resolve("fused");
        new FeatureSetIndexer(fused, extractors, schemas, CollectionIndexer.Options.defaults().withProgress(false))
                .index(ServerFixture.root().resolve("audio"));

        try (SearchServer server = ServerFixture.start(ServerConfig.defaults(fused));
                FusedSearcher searcher = FusedSearcher.open(fused)) {
            HttpResponse<String> r = new ServerFixture.Form().file("theme", ServerFixture.theme()).field("top", "5")
                    .field("exhaustive", "true").post(server, "/api/search");
            assertEquals(200, r.statusCode(), r.body());
            HttpResponse<String> doc = ServerFixture.get(server, "/api/openapi.json");
            JsonNode body = new OpenApiValidator(doc.body()).check("SearchResponse", r.body());
            assertEquals(List.of("cqt", "cens"), List.of(body.at("/features/0").asText(), body.at("/features/1").asText()));
            assertEquals(FusionRule.DEFAULT.label(), body.get("fusion").asText());

            FusedSearcher.Result direct = ScoreSearch.search(searcher, ScoreReader.read(ServerFixture.theme(), ScoreSelection.ALL),
                    false, Optional.empty(), SearchOptions.defaults().withTop(5).withExhaustive(true), FusionRule.DEFAULT);
            assertEquals(direct.hits().size(), body.get("results").size());
            assertEquals(2, direct.hits().size(), "both recordings ranked");
            for (int i = 0; i < direct.hits().size(); i++) {
                SearchHit want = direct.hits().get(i);
                JsonNode got = body.get("results").get(i);
                assertEquals(want.id(), got.get("id").asText(), "id of hit " + i);
                assertEquals(want.cost(), got.get("cost").asDouble(), 1e-9, "fused score of hit " + i);
                double[] costs = direct.featureCosts().get(want.id());
                assertEquals(costs[0], got.at("/featureCosts/cqt").asDouble(), 1e-9);
                assertEquals(costs[1], got.at("/featureCosts/cens").asDouble(), 1e-9);
            }
        }
    }
}
