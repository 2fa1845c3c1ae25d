package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Server-side printing: when a client asks for {@code application/json;as=Table;v=v1;g=meta.k8s.io} (kubectl get
 * does), the API server answers a meta.k8s.io Table whose rows carry the object's metadata (includeObject=Metadata,
 * the default), the whole object (=Object) or nothing (=None). Resources without a printer get their plain JSON and
 * kubectl prints its own NAME/AGE columns, as it does for any server that cannot print them.
 */
final class ServerTables {
    private ServerTables() {
    }

    /** The Table version the client accepts, or empty when it did not ask for a Table. */
    static Optional<String> requestedVersion(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        for (String range : accept.split(",")) {
            List<String> params = new ArrayList<>();
            for (String p : range.split(";")) {
                params.add(p.trim());
            }
            if (params.contains("as=Table") && params.contains("g=meta.k8s.io")) {
                return Optional.of(params.contains("v=v1beta1") ? "v1beta1" : "v1");
            }
        }
        return Optional.empty();
    }

    /** A Table of {@code body} (a list or one object of {@code path}'s resource), if the server prints it. */
    static Optional<ObjectNode> render(ApiPath path, JsonNode body, String tableVersion, Instant now) {
        Optional<ResourcePrinters.Printer> printer = ResourcePrinters.forResource(path.qualifiedResource());
        if (printer.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode table = header(printer.get(), tableVersion, body.path("metadata").path("resourceVersion")
                .asString(""));
        ArrayNode rows = table.putArray("rows");
        String include = path.param("includeObject") == null ? "Metadata" : path.param("includeObject");
        if (body.path("items").isArray()) {
            body.path("items").forEach(item -> rows.add(row(printer.get(), item, include, now)));
        } else {
            rows.add(row(printer.get(), body, include, now));
        }
        return Optional.of(table);
    }

    private static ObjectNode header(ResourcePrinters.Printer printer, String version, String resourceVersion) {
        ObjectNode table = Serialization.jsonMapper().createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + version);
        ObjectNode metadata = table.putObject("metadata");
        if (!resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (ResourcePrinters.Column c : printer.columns()) {
            ObjectNode column = columns.addObject();
            column.put("name", c.name());
            column.put("type", c.type());
            column.put("format", c.name().equals("Name") ? "name" : "");
            column.put("description", c.description());
            column.put("priority", c.priority());
        }
        return table;
    }

    private static ObjectNode row(ResourcePrinters.Printer printer, JsonNode item, String include, Instant now) {
        ObjectNode row = Serialization.jsonMapper().createObjectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printer.cells().of(item, now)) {
            if (cell instanceof Long n) {
                cells.add(n);
            } else {
                cells.add(String.valueOf(cell));
            }
        }
        switch (include) {
            case "None" -> {
            }
            case "Object" -> row.set("object", item.deepCopy());
            default -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", item.path("metadata").deepCopy());
            }
        }
        return row;
    }
}
