package io.turnpike.dataplane.mapping;

/**
 * A mapping template that does not parse. Thrown by {@link TemplateEngine#compile} (at snapshot
 * compile time, never while serving); the message names the line and column, counted from 1 in the
 * template text after trimming, as AWS trims it.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    TemplateException(String reason, int line, int column, Throwable cause) {
        super("mapping template syntax error at line " + line + ", column " + column + ": " + reason, cause);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the error, or 0 when the parser could not tell. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error, or 0 when the parser could not tell. */
    public int column() {
        return column;
    }
}
