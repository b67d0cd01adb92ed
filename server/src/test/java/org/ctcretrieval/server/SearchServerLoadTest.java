package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A bounded load on loopback: a fixed number of searches at 1, 4 and 16 concurrent clients; every response must
 * be a 200 whose best result is the Op. 67 recording (the server queues what its search slots cannot take).
 */
class SearchServerLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 32;

    @Test
    void everyResponseIsCorrectAt1And4And16Clients() throws Exception {
        try (SearchServer server = ServerFixture.start(ServerFixture.config())) {
            ServerFixture.Form form = new ServerFixture.Form().file("theme", ServerFixture.theme()).field("top", "2");
            byte[] body = form.body();
            URI uri = URI.create(server.url() + "api/search");
            for (int clients : new int[] {1, 4, 16}) {
                HttpLoad.Result r = HttpLoad.run(clients, REQUESTS,
                        i -> new HttpLoad.Post(uri, "multipart/form-data; boundary=" + form.boundary, body), response -> {
                            if (response.statusCode() != 200) return false;
                            try {
                                JsonNode best = JSON.readTree(response.body()).at("/results/0/id");
                                return best.asText().endsWith(ServerFixture.OP67);
                            } catch (Exception e) {
                                return false;
                            }
                        });
                assertEquals(0, r.failures(), clients + " clients: " + r.firstFailure());
                assertEquals(REQUESTS, r.latencies().length);
                System.out.printf(java.util.Locale.ROOT, "load: %2d clients, %d searches, p50 %.1f ms, p95 %.1f ms, %.1f/s%n",
                        clients, REQUESTS, r.percentile(50), r.percentile(95), r.throughput());
            }
        }
    }
}
