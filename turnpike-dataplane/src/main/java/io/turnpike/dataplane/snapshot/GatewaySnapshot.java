package io.turnpike.dataplane.snapshot;

import java.util.Map;

/**
 * Everything the data plane serves at one store revision: every REST API's stages, by API id and stage
 * name. Published whole by the {@link SnapshotRegistry} with one reference swap; never changed after.
 *
 * @param apis API id → stage name → stage
 */
public record GatewaySnapshot(long revision, Map<String, Map<String, StageSnapshot>> apis) {

    public static final GatewaySnapshot EMPTY = new GatewaySnapshot(-1, Map.of());

    public GatewaySnapshot {
        apis = Map.copyOf(apis);
    }

    /** Whether the API exists (it may have no stages). */
    public boolean hasApi(String apiId) {
        return apis.containsKey(apiId);
    }

    /** The stage, or null. */
    public StageSnapshot stage(String apiId, String stageName) {
        Map<String, StageSnapshot> stages = apis.get(apiId);
        return stages == null ? null : stages.get(stageName);
    }
}
