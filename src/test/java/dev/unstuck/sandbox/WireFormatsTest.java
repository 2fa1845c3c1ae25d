package dev.unstuck.sandbox;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The formats kubectl puts on the wire and reads back: protobuf create bodies, ages, field selectors. */
class WireFormatsTest {

    /** The body kubectl v1.32 sends for "kubectl create namespace x", byte for byte. */
    private static final String CREATE_NAMESPACE_X =
            "6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a00"
            + "22002a0032003800420012001a020a001a002200";

    /** The body of "kubectl create configmap cm1 --from-literal=a=b --from-literal=c=d". */
    private static final String CREATE_CONFIGMAP_CM1 =
            "6b3873000a0f0a0276311209436f6e6669674d617012250a130a03636d311200"
            + "1a0022002a0032003800420012060a016112016212060a01631201641a002200";

    @Test
    void kubectlCreateNamespace_protobufBodyReadsAsTheNamespaceItNames() {
        ObjectNode ns = ProtobufBody.decode(HexFormat.of().parseHex(CREATE_NAMESPACE_X)).orElseThrow();

        assertThat(ns.path("kind").asString("")).isEqualTo("Namespace");
        assertThat(ns.path("apiVersion").asString("")).isEqualTo("v1");
        assertThat(ns.path("metadata").path("name").asString("")).isEqualTo("x");
    }

    @Test
    void kubectlCreateConfigMap_protobufBodyKeepsItsData() {
        ObjectNode cm = ProtobufBody.decode(HexFormat.of().parseHex(CREATE_CONFIGMAP_CM1)).orElseThrow();

        assertThat(cm.path("metadata").path("name").asString("")).isEqualTo("cm1");
        assertThat(cm.path("data").path("a").asString("")).isEqualTo("b");
        assertThat(cm.path("data").path("c").asString("")).isEqualTo("d");
    }

    @Test
    void aProtobufBodyOfAnotherKindOrTruncated_isNotGuessed() {
        byte[] truncated = HexFormat.of().parseHex(CREATE_NAMESPACE_X.substring(0, 40));
        assertThat(ProtobufBody.decode(truncated)).isEmpty();
        assertThat(ProtobufBody.decode("{\"kind\":\"Namespace\"}".getBytes())).isEmpty();
    }

    @Test
    void agesAreWrittenAsTheApiServerWritesThem() {
        assertThat(HumanDuration.of(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(HumanDuration.of(Duration.ofMinutes(180))).isEqualTo("3h");
        assertThat(HumanDuration.of(Duration.ofMinutes(185))).isEqualTo("3h5m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(HumanDuration.of(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(HumanDuration.of(Duration.ofDays(365 * 2 + 5))).isEqualTo("2y5d");
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }

    @Test
    void fieldSelectors_leaveNameAndNamespaceToTheStoreAndCheckTheRest() {
        FieldSelector selector = FieldSelector.parse("metadata.name=dev,spec.nodeName=node-2,status.phase!=Failed");
        ObjectNode pod = (ObjectNode) io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().readTree(
                "{\"spec\":{\"nodeName\":\"node-2\"},\"status\":{\"phase\":\"Running\"}}");

        assertThat(selector.beyondStore().requirements()).extracting(FieldSelector.Requirement::field)
                .containsExactly("spec.nodeName", "status.phase");
        assertThat(selector.beyondStore().matches(pod)).isTrue();
        assertThat(FieldSelector.forStore("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2&limit=500",
                java.util.Map.of("fieldSelector", "spec.nodeName=node-2", "limit", "500")))
                .isEqualTo("/api/v1/pods?limit=500");
    }
}
