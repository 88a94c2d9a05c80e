package io.turnpike.dataplane.mapping;

/**
 * Stops a render that broke a sandbox rule or a budget (loop cap, output cap, forbidden method).
 * Thrown through Velocity's stack and turned into {@link TemplateResult#error()} by {@link
 * CompiledTemplate#render}; it carries no stack trace because it is an expected, user-caused outcome.
 */
final class TemplateAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateAbort(String message) {
        super(message, null, false, false);
    }
}
