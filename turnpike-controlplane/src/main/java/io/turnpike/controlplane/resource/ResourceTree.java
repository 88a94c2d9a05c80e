package io.turnpike.controlplane.resource;

import io.turnpike.aws.AwsException;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.WriteTx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Looking up and rewriting the documents of one API's resource tree, and the rules a path part obeys.
 *
 * <p>AWS answers every operation that names a resource with the same 404 whether the API or the
 * resource is unknown ({@code PutMethod} on a missing API says "Invalid Resource identifier
 * specified"), so lookups here go straight to the resource within the API's scope.
 */
final class ResourceTree {

    static final String RESOURCE_NOT_FOUND = "Invalid Resource identifier specified";
    static final String METHOD_NOT_FOUND = "Invalid Method identifier specified";
    static final String INTEGRATION_NOT_FOUND = "Invalid Integration identifier specified";
    static final String RESPONSE_NOT_FOUND = "Invalid Response status code specified";

    /** The verbs a method may be put under, in the order AWS lists them. */
    static final List<String> HTTP_METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY");

    private static final String PATH_PART_RULE = "Resource's path part only allow a-zA-Z0-9._- and curly braces at the"
            + " beginning and the end and an optional plus sign before the closing brace.";

    /**
     * A literal path part. AWS's message names a-zA-Z0-9._-, but AWS also accepts ':' (moto and the CDK
     * had to learn this from users); the rest of RFC 3986's path characters other than '/', '%' and '+'
     * are accepted too, so that no name a real deployment uses is refused here.
     */
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~:@!$&'()*,;=-]+");
    /** A path variable, {@code {name}}, or a greedy one, {@code {name+}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z0-9._:-]+\\+?}");

    private ResourceTree() {}

    /** The resource, or AWS's 404 for an unknown API or resource. */
    static Resource require(ReadTx tx, String restApiId, String resourceId) {
        if (resourceId == null || resourceId.isEmpty()) {
            throw AwsException.notFound(RESOURCE_NOT_FOUND);
        }
        return tx.get(Kinds.RESOURCE, restApiId, resourceId)
                .orElseThrow(() -> AwsException.notFound(RESOURCE_NOT_FOUND));
    }

    /** The method on the resource, or AWS's 404. */
    static Method requireMethod(Resource resource, String httpMethod) {
        Method m = resource.resourceMethods() == null
                ? null
                : resource.resourceMethods().get(httpMethod);
        if (m == null) {
            throw AwsException.notFound(METHOD_NOT_FOUND);
        }
        return m;
    }

    /** The method's integration, or AWS's 404. */
    static Integration requireIntegration(Method method) {
        if (method.methodIntegration() == null) {
            throw AwsException.notFound(INTEGRATION_NOT_FOUND);
        }
        return method.methodIntegration();
    }

    /** Stores the resource with {@code method} under {@code httpMethod}, or without it when null. */
    static Resource putMethod(WriteTx tx, String restApiId, Resource resource, String httpMethod, Method method) {
        Map<String, Method> methods = resource.resourceMethods() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(resource.resourceMethods());
        if (method == null) {
            methods.remove(httpMethod);
        } else {
            methods.put(httpMethod, method);
        }
        Resource next = new Resource(
                resource.id(),
                resource.parentId(),
                resource.pathPart(),
                resource.path(),
                methods.isEmpty() ? null : methods);
        tx.put(Kinds.RESOURCE, restApiId, resource.id(), next);
        return next;
    }

    /** Answers AWS's 400 unless {@code httpMethod} is a verb a method may be put under. */
    static void checkHttpMethod(String httpMethod) {
        if (!HTTP_METHODS.contains(httpMethod)) {
            throw AwsException.badRequest(
                    "Invalid HttpMethod specified. Valid options are " + String.join(",", HTTP_METHODS));
        }
    }

    /** Answers AWS's 400 unless the path part is a literal segment or a (greedy) variable. */
    static void checkPathPart(String pathPart) {
        if (pathPart == null
                || !(LITERAL.matcher(pathPart).matches()
                        || VARIABLE.matcher(pathPart).matches())) {
            throw AwsException.badRequest(PATH_PART_RULE);
        }
    }

    static boolean isVariable(String pathPart) {
        return pathPart != null && pathPart.startsWith("{");
    }

    static boolean isGreedy(String pathPart) {
        return pathPart != null && pathPart.endsWith("+}");
    }

    /** The path of a child: the root's children are {@code /part}, everything deeper appends. */
    static String childPath(String parentPath, String pathPart) {
        return parentPath.equals("/") ? "/" + pathPart : parentPath + "/" + pathPart;
    }

    /**
     * Checks that a resource named {@code pathPart} may sit under {@code parent} beside the other
     * children in {@code all} ({@code selfId}, when moving or renaming, is not its own sibling): no
     * children under a greedy variable, no two siblings with one name, at most one variable sibling.
     */
    static void checkPlacement(List<Resource> all, Resource parent, String pathPart, String selfId) {
        if (isGreedy(parent.pathPart())) {
            throw AwsException.badRequest(
                    "Cannot create a child of a resource with a greedy path variable: " + parent.pathPart());
        }
        List<Resource> siblings = new ArrayList<>();
        for (Resource r : all) {
            if (parent.id().equals(r.parentId()) && !r.id().equals(selfId)) {
                siblings.add(r);
            }
        }
        for (Resource s : siblings) {
            if (pathPart.equals(s.pathPart())) {
                throw AwsException.conflict("Another resource with the same parent already has this name: " + pathPart);
            }
        }
        if (isVariable(pathPart)) {
            for (Resource s : siblings) {
                if (isVariable(s.pathPart())) {
                    throw AwsException.badRequest("A sibling (" + s.pathPart()
                            + ") of this resource already has a variable path part -- only one is allowed");
                }
            }
        }
    }

    /** The resource with that id and all its descendants, parents before children. */
    static List<Resource> subtree(List<Resource> all, String rootId) {
        Map<String, List<Resource>> children = new LinkedHashMap<>();
        Resource top = null;
        for (Resource r : all) {
            if (r.id().equals(rootId)) {
                top = r;
            }
            if (r.parentId() != null) {
                children.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Resource> out = new ArrayList<>();
        if (top == null) {
            return out;
        }
        Deque<Resource> queue = new ArrayDeque<>();
        queue.add(top);
        while (!queue.isEmpty()) {
            Resource r = queue.poll();
            out.add(r);
            queue.addAll(children.getOrDefault(r.id(), List.of()));
        }
        return out;
    }
}
