package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectPatchTest {

    private static ObjectNode json(String s) {
        return (ObjectNode) Serialization.jsonMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void kubectlLabelRemoval_isAMergePatchWhoseNullDeletesTheLabel() {
        ObjectNode ns = json("{'metadata':{'name':'team-a','labels':{'team':'sre','tier':'gold'}}}");

        ObjectNode patched = ObjectPatch.apply(ObjectPatch.Type.MERGE, ns, "{\"metadata\":{\"labels\":{\"team\":null}}}");

        assertThat(patched.path("metadata").path("labels").properties()).extracting(e -> e.getKey())
                .containsExactly("tier");
        assertThat(ns.path("metadata").path("labels").has("team")).as("the stored object is untouched").isTrue();
    }

    @Test
    void strategicPatchOfAContainerImage_keepsTheContainersOtherFieldsAndSiblings() {
        ObjectNode pod = json("{'spec':{'containers':[{'name':'app','image':'app:1','ports':[{'containerPort':80}]},"
                + "{'name':'sidecar','image':'proxy:1'}]}}");

        ObjectNode patched = ObjectPatch.apply(ObjectPatch.Type.STRATEGIC, pod,
                "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},{\"name\":\"sidecar\"}],"
                        + "\"containers\":[{\"name\":\"app\",\"image\":\"app:2\"}]}}");

        assertThat(patched.path("spec").path("containers")).hasSize(2);
        assertThat(patched.path("spec").path("containers").get(0).path("image").asString("")).isEqualTo("app:2");
        assertThat(patched.path("spec").path("containers").get(0).path("ports")).hasSize(1);
        assertThat(patched.path("spec").path("containers").get(1).path("image").asString("")).isEqualTo("proxy:1");
    }

    @Test
    void strategicPatchOfFinalizers_mergesTheSetAndDeletesWhatTheDirectiveNames() {
        ObjectNode widget = json("{'metadata':{'finalizers':['example.com/a','example.com/b']}}");

        ObjectNode added = ObjectPatch.apply(ObjectPatch.Type.STRATEGIC, widget,
                "{\"metadata\":{\"finalizers\":[\"example.com/c\"]}}");
        ObjectNode removed = ObjectPatch.apply(ObjectPatch.Type.STRATEGIC, widget,
                "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"example.com/a\"]}}");

        assertThat(PrintedValues.strings(added.path("metadata").path("finalizers")))
                .containsExactly("example.com/a", "example.com/b", "example.com/c");
        assertThat(PrintedValues.strings(removed.path("metadata").path("finalizers"))).containsExactly("example.com/b");
    }

    @Test
    void strategicDeleteOfAListItem_andReplaceDirectiveOnAMap() {
        ObjectNode pod = json("{'spec':{'volumes':[{'name':'a'},{'name':'b'}],'nodeSelector':{'x':'1','y':'2'}}}");

        ObjectNode patched = ObjectPatch.apply(ObjectPatch.Type.STRATEGIC, pod,
                "{\"spec\":{\"volumes\":[{\"name\":\"a\",\"$patch\":\"delete\"}],"
                        + "\"nodeSelector\":{\"$patch\":\"replace\",\"z\":\"3\"}}}");

        assertThat(patched.path("spec").path("volumes")).hasSize(1);
        assertThat(patched.path("spec").path("volumes").get(0).path("name").asString("")).isEqualTo("b");
        assertThat(patched.path("spec").path("nodeSelector").properties()).extracting(e -> e.getKey())
                .containsExactly("z");
    }

    @Test
    void jsonPatch_addsUnderAMissingParentLikeTheStore() {
        ObjectNode ns = json("{'metadata':{'name':'x'}}");

        ObjectNode patched = ObjectPatch.apply(ObjectPatch.Type.JSON, ns,
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations/owner\",\"value\":\"sre\"}]");

        assertThat(patched.path("metadata").path("annotations").path("owner").asString("")).isEqualTo("sre");
    }

    @Test
    void aPatchThatIsNotJson_isRefusedWithAReason() {
        assertThatThrownBy(() -> ObjectPatch.apply(ObjectPatch.Type.MERGE, json("{}"), "{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the patch is not valid JSON");
        assertThat(ObjectPatch.Type.of("application/apply-patch+yaml")).isNull();
        assertThat(ObjectPatch.Type.of("application/strategic-merge-patch+json; charset=utf-8"))
                .isEqualTo(ObjectPatch.Type.STRATEGIC);
    }
}
