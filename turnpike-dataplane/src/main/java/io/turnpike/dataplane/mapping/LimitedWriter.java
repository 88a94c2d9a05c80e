package io.turnpike.dataplane.mapping;

import java.io.Writer;

/** Collects rendered text and stops the render once it passes the output cap. */
final class LimitedWriter extends Writer {
    private final StringBuilder out = new StringBuilder();
    private final long maxChars;

    LimitedWriter(long maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        reserve(length);
        out.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        reserve(length);
        out.append(text, offset, offset + length);
    }

    @Override
    public void write(int c) {
        reserve(1);
        out.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
        return out.toString();
    }

    private void reserve(int length) {
        if (out.length() + (long) length > maxChars) {
            throw new TemplateAbort("rendered output exceeds " + maxChars + " characters");
        }
    }
}
