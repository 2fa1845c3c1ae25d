package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What following one unavailable APIService down to its backend pods found: the links of the cause chain that belong
 * to it (each null when not found) and the pod-network paths on which a VPC route is a suspect.
 *
 * @param unavailable   APISERVICE_UNAVAILABLE
 * @param backend       APISERVICE_BACKEND_MISSING or APISERVICE_BACKEND_FAILING
 * @param unreachable   POD_UNREACHABLE_FROM_CONTROL_PLANE
 * @param notRouteBased POD_NETWORK_NOT_ROUTE_BASED
 * @param suspectPaths  what the cloud side is asked about
 * @param deleteStep    DELETE_APISERVICE when the backing Service is gone
 * @param clearing      nothing is broken below: ready endpoints and a condition the aggregator has not re-checked yet,
 *                      which clears by itself
 */
record ApiServiceChain(ApiServiceStatus api, Cause unavailable, Cause backend, Cause unreachable,
                       Cause notRouteBased, List<PodNetworkPath> suspectPaths, PlanStep deleteStep,
                       boolean clearing) {
    ApiServiceChain {
        suspectPaths = List.copyOf(suspectPaths);
    }

    String name() {
        return api.name();
    }

    Optional<PlanStep> delete() {
        return Optional.ofNullable(deleteStep);
    }

    /** The same chain with {@code lines} added to the evidence of its unreachable pods. */
    ApiServiceChain withUnreachableEvidence(List<String> lines) {
        if (unreachable == null) {
            return this;
        }
        List<String> evidence = new ArrayList<>(unreachable.evidence());
        evidence.addAll(lines);
        return new ApiServiceChain(api, unavailable, backend, new Cause(unreachable.kind(), unreachable.summary(),
                evidence), notRouteBased, suspectPaths, deleteStep, clearing);
    }

    /** The links below APISERVICE_UNAVAILABLE, most fundamental last. */
    Stream<Cause> below() {
        return Stream.of(backend, unreachable, notRouteBased).filter(c -> c != null);
    }
}
