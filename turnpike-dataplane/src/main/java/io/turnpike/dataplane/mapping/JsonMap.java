package io.turnpike.dataplane.mapping;

import java.util.LinkedHashMap;

/**
 * A JSON object as a template sees it: a mutable map in document order that prints the Java way,
 * {@code {a=b, c=[1,2]}} (AWS's recorded rendering of {@code $input.path('$.obj')}); nested arrays
 * print as JSON because they are {@link JsonList}s.
 */
final class JsonMap extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
}
