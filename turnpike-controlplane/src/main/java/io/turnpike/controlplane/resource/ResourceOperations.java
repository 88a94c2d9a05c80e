package io.turnpike.controlplane.resource;

import io.turnpike.aws.AwsException;
import io.turnpike.aws.Ids;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.WriteTx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateResource, GetResource, GetResources, UpdateResource and DeleteResource.
 *
 * <p>Each resource stores its full {@code path}, so renaming or moving a resource rewrites the path of
 * every resource below it in the same transaction; deleting one deletes its whole subtree. The root
 * ({@code /}, created with the API) can be neither moved, renamed nor deleted.
 */
public final class ResourceOperations {

    static final String ROOT_IMMUTABLE = "Cannot delete or modify the root resource of a REST API";

    /** What GetResources shows for a method unless asked to embed methods: AWS answers {@code {}}. */
    private static final Method SUMMARY = new Method(null, null, null, null, null, null, null, null, null, null, null);

    private final AdminContext ctx;

    public ResourceOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateResource", this::create)
                .on("GetResource", this::get)
                .on("GetResources", this::list)
                .on("UpdateResource", this::update)
                .on("DeleteResource", this::delete);
    }

    private Reply create(Call call) {
        String apiId = call.string("restApiId");
        String parentId = call.string("parentId");
        String pathPart = call.string("pathPart");
        Resource created = ctx.store().write(tx -> {
            Resource parent = ResourceTree.require(tx, apiId, parentId);
            ResourceTree.checkPathPart(pathPart);
            ResourceTree.checkPlacement(tx.list(Kinds.RESOURCE, apiId), parent, pathPart, null);
            String id = newId(tx, apiId);
            Resource r = new Resource(id, parent.id(), pathPart, ResourceTree.childPath(parent.path(), pathPart), null);
            tx.put(Kinds.RESOURCE, apiId, id, r);
            return r;
        });
        return Reply.of(created);
    }

    /** GetResource always embeds the full methods, as AWS does for a single resource. */
    private Reply get(Call call) {
        String apiId = call.string("restApiId");
        String id = call.string("resourceId");
        return Reply.of(ctx.store().read(tx -> ResourceTree.require(tx, apiId, id)));
    }

    private Reply list(Call call) {
        String apiId = call.string("restApiId");
        boolean embedMethods = false;
        if (call.opt("embed") != null) {
            for (var e : call.opt("embed")) {
                embedMethods |= e.asText().equals("methods");
            }
        }
        boolean full = embedMethods;
        List<Resource> all = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, apiId);
            return tx.list(Kinds.RESOURCE, apiId);
        });
        return Reply.of(Paging.page(ctx.json(), call, all, Resource::id, r -> full ? r : summarized(r)));
    }

    private Reply update(Call call) {
        String apiId = call.string("restApiId");
        String id = call.string("resourceId");
        List<PatchOperation> ops = call.patchOperations();
        Resource updated = ctx.store().write(tx -> {
            Resource current = ResourceTree.require(tx, apiId, id);
            List<Resource> all = tx.list(Kinds.RESOURCE, apiId);
            String parentId = current.parentId();
            String pathPart = current.pathPart();
            for (PatchOperation op : ops) {
                if (op.op() != Op.REPLACE) {
                    throw AwsException.badRequest("Invalid patch path  '" + op.path() + "' specified for op '"
                            + op.op().wire() + "'. Please choose supported operations");
                }
                if (!op.path().equals("/parentId") && !op.path().equals("/pathPart")) {
                    throw AwsException.badRequest("Invalid patch path  '" + op.path()
                            + "' specified for op 'replace'. Must be one of: [/parentId, /pathPart]");
                }
                if (current.parentId() == null) {
                    throw AwsException.badRequest(ROOT_IMMUTABLE);
                }
                if (op.path().equals("/pathPart")) {
                    pathPart = op.value();
                } else {
                    Resource parent = ResourceTree.require(tx, apiId, op.value());
                    for (Resource r : ResourceTree.subtree(all, current.id())) {
                        if (r.id().equals(parent.id())) {
                            throw AwsException.badRequest("Resources cannot be cyclical.");
                        }
                    }
                    parentId = parent.id();
                }
            }
            if (ops.isEmpty()) {
                return current;
            }
            ResourceTree.checkPathPart(pathPart);
            if (parentId.equals(current.parentId()) && pathPart.equals(current.pathPart())) {
                return current;
            }
            Resource parent = ResourceTree.require(tx, apiId, parentId);
            ResourceTree.checkPlacement(all, parent, pathPart, current.id());
            if (ResourceTree.isGreedy(pathPart)) {
                for (Resource r : all) {
                    if (current.id().equals(r.parentId())) {
                        throw AwsException.badRequest(
                                "Cannot create a child of a resource with a greedy path variable: " + pathPart);
                    }
                }
            }
            return move(tx, apiId, all, current, parent, pathPart);
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String apiId = call.string("restApiId");
        String id = call.string("resourceId");
        ctx.store().write(tx -> {
            Resource r = ResourceTree.require(tx, apiId, id);
            if (r.parentId() == null) {
                throw AwsException.badRequest(ROOT_IMMUTABLE);
            }
            for (Resource doomed : ResourceTree.subtree(tx.list(Kinds.RESOURCE, apiId), id)) {
                tx.delete(Kinds.RESOURCE, apiId, doomed.id());
            }
            return null;
        });
        return Reply.empty();
    }

    /**
     * Puts {@code current} under {@code parent} as {@code pathPart} and rewrites the stored path of it
     * and of every resource below it; returns the moved resource.
     */
    private static Resource move(
            WriteTx tx, String apiId, List<Resource> all, Resource current, Resource parent, String pathPart) {
        Map<String, String> newPaths = new HashMap<>();
        Resource moved = null;
        for (Resource r : ResourceTree.subtree(all, current.id())) {
            Resource next;
            if (r.id().equals(current.id())) {
                next = new Resource(
                        r.id(),
                        parent.id(),
                        pathPart,
                        ResourceTree.childPath(parent.path(), pathPart),
                        r.resourceMethods());
                moved = next;
            } else {
                next = new Resource(
                        r.id(),
                        r.parentId(),
                        r.pathPart(),
                        ResourceTree.childPath(newPaths.get(r.parentId()), r.pathPart()),
                        r.resourceMethods());
            }
            newPaths.put(r.id(), next.path());
            tx.put(Kinds.RESOURCE, apiId, r.id(), next);
        }
        return moved;
    }

    /** A fresh 6-character id not yet used in this API. */
    private static String newId(WriteTx tx, String apiId) {
        while (true) {
            String id = Ids.short6();
            if (tx.get(Kinds.RESOURCE, apiId, id).isEmpty()) {
                return id;
            }
        }
    }

    private static Resource summarized(Resource r) {
        if (r.resourceMethods() == null) {
            return r;
        }
        Map<String, Method> names = new LinkedHashMap<>();
        for (String verb : r.resourceMethods().keySet()) {
            names.put(verb, SUMMARY);
        }
        return new Resource(r.id(), r.parentId(), r.pathPart(), r.path(), names);
    }
}
