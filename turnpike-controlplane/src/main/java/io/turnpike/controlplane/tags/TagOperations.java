package io.turnpike.controlplane.tags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.controlplane.stage.Stages;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import io.turnpike.store.WriteTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and GetTags.
 *
 * <p>An ARN names its resource by path after {@code ::}. The tags are read from and written to that
 * resource's own record, so a REST API's tags show in GetRestApi and a stage's in GetStage. GetTags on a
 * stage answers the stage's own tags only: AWS documents that a stage inherits its API's tags for
 * access control but does not return inherited tags from GetTags.
 */
public final class TagOperations {

    /** {@code arn:<partition>:apigateway:<region>::<resource path>}. */
    private static final Pattern ARN = Pattern.compile("arn:aws(?:-[a-z]+)*:apigateway:([a-z0-9-]+)::(/.*)");

    private static final Pattern REST_API = Pattern.compile("/restapis/([^/]+)");
    private static final Pattern STAGE = Pattern.compile("/restapis/([^/]+)/stages/([^/]+)");

    /** Where one ARN's tags are kept. */
    private interface Target {
        Map<String, String> tags(ReadTx tx);

        void setTags(WriteTx tx, Map<String, String> tags);
    }

    private final AdminContext ctx;

    public TagOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("TagResource", this::tag).on("UntagResource", this::untag).on("GetTags", this::get);
    }

    private Reply tag(Call call) {
        String arn = call.string("resourceArn");
        Map<String, String> add = ctx.json().convertValue(call.input().get("tags"), STRING_MAP);
        ctx.store().write(tx -> {
            Target target = resolve(tx, arn);
            Map<String, String> tags = new LinkedHashMap<>(target.tags(tx));
            tags.putAll(add);
            Tags.check(tags);
            target.setTags(tx, tags);
            return null;
        });
        return Reply.empty();
    }

    private Reply untag(Call call) {
        String arn = call.string("resourceArn");
        List<String> keys = ctx.json().convertValue(call.input().get("tagKeys"), STRING_LIST);
        ctx.store().write(tx -> {
            Target target = resolve(tx, arn);
            Map<String, String> tags = new LinkedHashMap<>(target.tags(tx));
            keys.forEach(tags::remove);
            target.setTags(tx, tags);
            return null;
        });
        return Reply.empty();
    }

    private Reply get(Call call) {
        String arn = call.string("resourceArn");
        Map<String, String> tags = ctx.store().read(tx -> resolve(tx, arn).tags(tx));
        ObjectNode out = ctx.json().createObjectNode();
        out.set("tags", ctx.json().valueToTree(tags));
        return Reply.of(out);
    }

    /** The resource an ARN names in this region, or AWS's 400 (not an ARN) or 404 (no such resource). */
    private Target resolve(ReadTx tx, String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw AwsException.badRequest("Invalid ARN specified in the request");
        }
        String region = m.group(1);
        String path = m.group(2);
        Matcher stage = STAGE.matcher(path);
        Matcher api = REST_API.matcher(path);
        String restApiId = stage.matches() ? stage.group(1) : api.matches() ? api.group(1) : null;
        if (restApiId == null) {
            throw AwsException.notFound("Invalid resource ARN: " + arn
                    + " (expected: .../restapis/{restapi_id} or .../restapis/{restapi_id}/stages/{stage_name})");
        }
        if (!region.equals(ctx.region())) {
            // the API would live in another region, where this node has nothing
            throw AwsException.notFound("Invalid API identifier specified " + ctx.accountId() + ":" + restApiId);
        }
        RestApiOperations.require(tx, ctx, restApiId);
        if (stage.matches()) {
            String stageName = stage.group(2);
            Stages.require(tx, restApiId, stageName);
            return stageTarget(restApiId, stageName);
        }
        return restApiTarget(restApiId);
    }

    private Target restApiTarget(String restApiId) {
        return new Target() {
            @Override
            public Map<String, String> tags(ReadTx tx) {
                return orEmpty(RestApiOperations.require(tx, ctx, restApiId).tags());
            }

            @Override
            public void setTags(WriteTx tx, Map<String, String> tags) {
                RestApi api = RestApiOperations.require(tx, ctx, restApiId);
                tx.put(Kinds.REST_API, Store.GLOBAL, restApiId, withTags(api, RestApi.class, tags));
            }
        };
    }

    private Target stageTarget(String restApiId, String stageName) {
        return new Target() {
            @Override
            public Map<String, String> tags(ReadTx tx) {
                return orEmpty(Stages.require(tx, restApiId, stageName).tags());
            }

            @Override
            public void setTags(WriteTx tx, Map<String, String> tags) {
                Stage stage = Stages.require(tx, restApiId, stageName);
                tx.put(Kinds.STAGE, restApiId, stageName, withTags(stage, Stage.class, tags));
            }
        };
    }

    /** A copy of a record with its {@code tags} member replaced; an empty map is stored as absent. */
    private <T> T withTags(T record, Class<T> type, Map<String, String> tags) {
        ObjectNode node = ctx.json().valueToTree(record);
        if (tags.isEmpty()) {
            node.remove("tags");
        } else {
            node.set("tags", ctx.json().valueToTree(tags));
        }
        return ctx.json().convertValue(node, type);
    }

    private static Map<String, String> orEmpty(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> STRING_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRING_LIST =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
}
