package io.turnpike.dataplane.throttle;

/** A source of nanosecond time for throttling; tests drive their own. */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences matter. */
    long read();

    static Ticker system() {
        return System::nanoTime;
    }
}
