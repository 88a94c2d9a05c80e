package io.turnpike.dataplane.mapping;

import java.util.ArrayList;

/**
 * A JSON array as a template sees it: a mutable list that prints as compact JSON, {@code
 * [{"foo":"bar"}]}, which is what AWS renders for {@code $input.path('$.list')} — unlike a JSON
 * object, whose elements print the Java way once taken out of the list ({@code $list[0]} renders
 * {@code {foo=bar}}).
 */
final class JsonList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return VtlJson.write(this);
    }
}
