package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the protobuf bodies kubectl's typed commands send ({@code kubectl create namespace|configmap|secret|
 * serviceaccount}): the {@code k8s\0} magic, a runtime.Unknown envelope naming apiVersion and kind, then the object
 * in the field numbering of k8s.io/api generated.proto. Only these kinds are understood; any other protobuf body is
 * refused with 415 as a server without protobuf support for it would.
 */
final class ProtobufBody {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private ProtobufBody() {
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(CONTENT_TYPE);
    }

    /** The object as JSON, or empty when the body is not one of the kinds understood here. */
    static Optional<ObjectNode> decode(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            return Optional.empty();
        }
        try {
            Reader envelope = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String apiVersion = null;
            String kind = null;
            byte[] raw = null;
            while (envelope.more()) {
                int field = envelope.tag();
                if (field == 1) {
                    Reader typeMeta = envelope.message();
                    while (typeMeta.more()) {
                        int f = typeMeta.tag();
                        if (f == 1) {
                            apiVersion = typeMeta.string();
                        } else if (f == 2) {
                            kind = typeMeta.string();
                        } else {
                            typeMeta.skip();
                        }
                    }
                } else if (field == 2) {
                    raw = envelope.bytes();
                } else {
                    envelope.skip();
                }
            }
            if (!"v1".equals(apiVersion) || kind == null || raw == null) {
                return Optional.empty();
            }
            ObjectNode object = Serialization.jsonMapper().createObjectNode();
            object.put("apiVersion", "v1");
            object.put("kind", kind);
            return switch (kind) {
                case "Namespace", "ConfigMap", "Secret", "ServiceAccount" ->
                        Optional.of(read(kind, new Reader(raw), object));
                default -> Optional.empty();
            };
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode read(String kind, Reader r, ObjectNode object) {
        while (r.more()) {
            int field = r.tag();
            if (field == 1) {
                object.set("metadata", metadata(r.message()));
                continue;
            }
            switch (kind + ":" + field) {
                case "Namespace:2" -> {
                    Reader spec = r.message();
                    ArrayNode finalizers = object.putObject("spec").putArray("finalizers");
                    while (spec.more()) {
                        if (spec.tag() == 1) {
                            finalizers.add(spec.string());
                        } else {
                            spec.skip();
                        }
                    }
                }
                case "ConfigMap:2", "Secret:4" -> mapEntry(r.message(), object.withObjectProperty(
                        kind.equals("Secret") ? "stringData" : "data"), false);
                case "ConfigMap:3", "Secret:2" -> mapEntry(r.message(), object.withObjectProperty(
                        kind.equals("Secret") ? "data" : "binaryData"), true);
                case "ConfigMap:4", "Secret:5" -> object.put("immutable", r.varint() != 0);
                case "Secret:3" -> {
                    String type = r.string();
                    if (!type.isEmpty()) {
                        object.put("type", type);
                    }
                }
                case "ServiceAccount:4" -> object.put("automountServiceAccountToken", r.varint() != 0);
                default -> r.skip();
            }
        }
        return object;
    }

    private static ObjectNode metadata(Reader r) {
        ObjectNode meta = Serialization.jsonMapper().createObjectNode();
        while (r.more()) {
            int field = r.tag();
            switch (field) {
                case 1 -> putIfSet(meta, "name", r.string());
                case 2 -> putIfSet(meta, "generateName", r.string());
                case 3 -> putIfSet(meta, "namespace", r.string());
                case 6 -> putIfSet(meta, "resourceVersion", r.string());
                case 11 -> mapEntry(r.message(), meta.withObjectProperty("labels"), false);
                case 12 -> mapEntry(r.message(), meta.withObjectProperty("annotations"), false);
                case 14 -> {
                    ArrayNode finalizers = meta.get("finalizers") instanceof ArrayNode a ? a : meta.putArray("finalizers");
                    finalizers.add(r.string());
                }
                default -> r.skip();
            }
        }
        return meta;
    }

    private static void mapEntry(Reader entry, ObjectNode into, boolean bytesValue) {
        String key = "";
        String value = "";
        while (entry.more()) {
            int f = entry.tag();
            if (f == 1) {
                key = entry.string();
            } else if (f == 2) {
                byte[] v = entry.bytes();
                value = bytesValue ? Base64.getEncoder().encodeToString(v) : new String(v, StandardCharsets.UTF_8);
            } else {
                entry.skip();
            }
        }
        into.put(key, value);
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** Protobuf wire format: tags, varints and length-delimited fields. */
    private static final class Reader {
        private final byte[] data;
        private int pos;
        private int wireType;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return pos < data.length;
        }

        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[pos++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        byte[] bytes() {
            if (wireType != 2) {
                throw new IllegalStateException("expected a length-delimited field");
            }
            int length = (int) varint();
            if (length < 0 || pos + length > data.length) {
                throw new IllegalStateException("field runs past the body");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            return new Reader(bytes());
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> bytes();
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("unsupported wire type " + wireType);
            }
        }
    }
}
