package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/** Checks JSON bodies against the component schemas of the OpenAPI document the server serves (JSON Schema 2020-12). */
final class OpenApiValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonNode doc;

    OpenApiValidator(String openApiJson) throws Exception {
        this.doc = MAPPER.readTree(openApiJson);
    }

    JsonNode doc() {
        return doc;
    }

    /** Asserts that {@code body} is valid against {@code #/components/schemas/NAME}; returns the parsed body. */
    JsonNode check(String schemaName, String body) throws Exception {
        assertTrue(doc.at("/components/schemas/" + schemaName).isObject(), "schema " + schemaName + " is in the document");
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", doc.get("components"));
        wrapper.put("$ref", "#/components/schemas/" + schemaName);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(wrapper);
        JsonNode json = MAPPER.readTree(body);
        Set<ValidationMessage> errors = schema.validate(json);
        assertTrue(errors.isEmpty(), schemaName + ": " + errors + "\n" + body);
        return json;
    }
}
