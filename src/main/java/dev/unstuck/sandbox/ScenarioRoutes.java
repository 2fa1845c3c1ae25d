package dev.unstuck.sandbox;

import java.util.List;
import java.util.Objects;

/** Routes fixed by the scenario file, for a sandbox that serves no VPC API. */
public final class ScenarioRoutes implements SandboxRoutes {
    private final List<Scenario.RouteTable> tables;

    public ScenarioRoutes(Scenario.Vpc vpc) {
        this.tables = Objects.requireNonNull(vpc).routeTables();
    }

    @Override
    public boolean carries(String destinationCidr, String instanceId) {
        return tables.stream().flatMap(t -> t.entries().stream()).anyMatch(r -> r.destination().equals(destinationCidr)
                && r.nextHop().equals(instanceId) && "Available".equals(r.status()));
    }

    @Override
    public void onChange(Runnable listener) {
        // Fixed routes never change.
    }
}
