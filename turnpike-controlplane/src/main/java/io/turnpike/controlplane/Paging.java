package io.turnpike.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * v1 list pagination: {@code ?limit} (default 25, at most 500) and an opaque {@code ?position} token
 * naming the first item of the next page. The answer is {@code {"item": [...], "position": "..."}},
 * with {@code position} only when more items follow.
 */
public final class Paging {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 500;

    private Paging() {}

    /** One page of {@code all}; {@code id} names each item for the position token. */
    public static <T> ObjectNode page(
            ObjectMapper json, Call call, List<T> all, Function<T, String> id, Function<T, Object> render) {
        Integer limitIn = call.optInt("limit");
        int limit = limitIn == null ? DEFAULT_LIMIT : limitIn;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AwsException.badRequest("Invalid limit: " + limit + " (expected: 1..500)");
        }
        int start = 0;
        String position = call.optString("position");
        if (position != null) {
            String first = decode(position);
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (id.apply(all.get(i)).equals(first)) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                throw AwsException.badRequest("Invalid position parameter: " + position);
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("item");
        int end = Math.min(all.size(), start + limit);
        for (int i = start; i < end; i++) {
            items.add(json.valueToTree(render.apply(all.get(i))));
        }
        if (end < all.size()) {
            out.put("position", encode(id.apply(all.get(end))));
        }
        return out;
    }

    private static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String position) {
        try {
            return new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.badRequest("Invalid position parameter: " + position);
        }
    }
}
