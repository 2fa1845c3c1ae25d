package dev.unstuck.sandbox;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's row as printPod computes it: READY counts ready, running containers (and started sidecars), STATUS is the
 * phase refined by init and container states, and "Terminating" once deleting.
 */
final class PodRow {
    private PodRow() {
    }

    static List<Object> cells(JsonNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int total = spec.path("containers").size();
        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        String reason = status.path("reason").asString(status.path("phase").asString(""));

        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asString(""))
                    && "SchedulingGated".equals(c.path("reason").asString(""))) {
                reason = "SchedulingGated";
            }
        }
        Map<String, Boolean> sidecars = new HashMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            boolean sidecar = "Always".equals(c.path("restartPolicy").asString(""));
            sidecars.put(c.path("name").asString(""), sidecar);
            if (sidecar) {
                total++;
            }
        }
        boolean initializing = false;
        JsonNode inits = status.path("initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode c = inits.get(i);
            restarts += c.path("restartCount").asLong(0);
            lastRestart = later(lastRestart, c.path("lastState").path("terminated").path("finishedAt"));
            boolean sidecar = sidecars.getOrDefault(c.path("name").asString(""), false);
            if (sidecar) {
                sidecarRestarts += c.path("restartCount").asLong(0);
                lastSidecarRestart = later(lastSidecarRestart, c.path("lastState").path("terminated").path("finishedAt"));
            }
            JsonNode terminated = c.path("state").path("terminated");
            JsonNode waiting = c.path("state").path("waiting");
            if (terminated.isObject() && terminated.path("exitCode").asLong(0) == 0) {
                continue;
            }
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                String r = terminated.path("reason").asString("");
                long signal = terminated.path("signal").asLong(0);
                reason = !r.isEmpty() ? "Init:" + r : signal != 0 ? "Init:Signal:" + signal
                        : "Init:ExitCode:" + terminated.path("exitCode").asLong(0);
            } else if (waiting.isObject() && !waiting.path("reason").asString("").isEmpty()
                    && !"PodInitializing".equals(waiting.path("reason").asString(""))) {
                reason = "Init:" + waiting.path("reason").asString("");
            } else {
                reason = "Init:" + i + "/" + spec.path("initContainers").size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean running = false;
            JsonNode containers = status.path("containerStatuses");
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode c = containers.get(i);
                restarts += c.path("restartCount").asLong(0);
                lastRestart = later(lastRestart, c.path("lastState").path("terminated").path("finishedAt"));
                JsonNode waiting = c.path("state").path("waiting");
                JsonNode terminated = c.path("state").path("terminated");
                if (waiting.isObject() && !waiting.path("reason").asString("").isEmpty()) {
                    reason = waiting.path("reason").asString("");
                } else if (terminated.isObject() && !terminated.path("reason").asString("").isEmpty()) {
                    reason = terminated.path("reason").asString("");
                } else if (terminated.isObject()) {
                    reason = terminated.path("signal").asLong(0) != 0 ? "Signal:" + terminated.path("signal").asLong(0)
                            : "ExitCode:" + terminated.path("exitCode").asLong(0);
                } else if (c.path("ready").asBoolean(false) && c.path("state").path("running").isObject()) {
                    running = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && running) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        String phase = status.path("phase").asString("");
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            if ("NodeLost".equals(status.path("reason").asString(""))) {
                reason = "Unknown";
            } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                reason = "Terminating";
            }
        }
        String restartCell = restarts != 0 && lastRestart != null
                ? restarts + " (" + HumanDuration.of(java.time.Duration.between(lastRestart, now)) + " ago)"
                : String.valueOf(restarts);
        // The v1 conversion fills podIPs from podIP when a writer only set the latter.
        String ip = status.path("podIPs").path(0).path("ip").asString(status.path("podIP").asString(""));
        String node = spec.path("nodeName").asString("");
        String nominated = status.path("nominatedNodeName").asString("");
        return List.of(PrintedValues.name(pod), ready + "/" + total, reason, restartCell,
                PrintedValues.age(pod, now), ip.isEmpty() ? "<none>" : ip, node.isEmpty() ? "<none>" : node,
                nominated.isEmpty() ? "<none>" : nominated, readinessGates(spec, status));
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        JsonNode gates = spec.path("readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int met = 0;
        for (JsonNode gate : gates) {
            if (conditionTrue(status, gate.path("conditionType").asString(""))) {
                met++;
            }
        }
        return met + "/" + gates.size();
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString(""))) {
                return "True".equals(c.path("status").asString(""));
            }
        }
        return false;
    }

    private static Instant later(Instant current, JsonNode timestamp) {
        String text = timestamp.asString("");
        if (text.isEmpty()) {
            return current;
        }
        try {
            Instant t = Instant.parse(text);
            return current == null || t.isAfter(current) ? t : current;
        } catch (java.time.format.DateTimeParseException e) {
            return current;
        }
    }
}
