package io.turnpike.dataplane.throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code burst} tokens refilled at {@code rate} tokens per second, where each request
 * takes one token — API Gateway's throttle — decided with one compare-and-set and no lock.
 *
 * <p><b>How.</b> Instead of a token count and a refill timestamp (two values that would need a lock or an
 * allocated state object to change together), the bucket keeps one number: the theoretical arrival time
 * {@code tat}, the instant at which the bucket would be full again if nothing else arrived (the generic
 * cell rate algorithm). Each admitted request pushes {@code tat} one emission interval ({@code 1/rate})
 * later; a request at {@code now} is admitted when, after pushing, {@code tat} is no more than
 * {@code burst} intervals ahead of {@code now} — exactly "a token was left". An idle bucket has
 * {@code tat <= now}, that is, it is full. Concurrent requests race on one {@link AtomicLong}: a loser
 * re-reads and retries, so a burst of N simultaneous requests admits exactly {@code burst} of them.
 *
 * <p>{@code burst = 0} admits nothing; {@code rate = 0} admits {@code burst} requests and then refills one
 * token every {@code 2^61 / burst} nanoseconds (days for the largest bursts, years for small ones).
 */
public final class TokenBucket {

    /** An interval that never elapses: a rate of 0, or one so small the interval would overflow. */
    private static final long NEVER = Long.MAX_VALUE / 4;

    private final double rate;
    private final int burst;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final Ticker ticker;
    private final AtomicLong tat;

    public TokenBucket(double rate, int burst, Ticker ticker) {
        this(rate, burst, ticker, Long.MIN_VALUE / 4);
    }

    private TokenBucket(double rate, int burst, Ticker ticker, long tat) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: >= 0)");
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 0)");
        }
        this.rate = rate;
        this.burst = burst;
        // a rate of 0 (or too small to express) refills one token per NEVER/burst nanoseconds: at least
        // days for any burst AWS allows, and the burst itself stays expressible without overflow
        long never = NEVER / Math.max(1, burst);
        double interval = rate == 0 ? never : 1e9 / rate;
        this.intervalNanos = interval >= never ? never : Math.max(1, (long) interval);
        this.toleranceNanos = burst == 0 ? -1 : saturatingMultiply(intervalNanos, burst);
        this.ticker = ticker;
        this.tat = new AtomicLong(tat);
    }

    /** Takes one token if there is one; never blocks. */
    public boolean tryAcquire() {
        if (toleranceNanos < 0) {
            return false;
        }
        long now = ticker.read();
        while (true) {
            long current = tat.get();
            long next = Math.max(current, now) + intervalNanos;
            if (next - now > toleranceNanos) {
                return false;
            }
            if (tat.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    public double rate() {
        return rate;
    }

    public int burst() {
        return burst;
    }

    /** Whether this bucket has these limits. */
    public boolean has(double rate, int burst) {
        return Double.compare(this.rate, rate) == 0 && this.burst == burst;
    }

    /**
     * A bucket with new limits that keeps what this one has used: a limit change must not hand every
     * client a fresh burst.
     */
    public TokenBucket reconfigured(double rate, int burst) {
        return new TokenBucket(rate, burst, ticker, tat.get());
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? Math.min(lo, NEVER) : NEVER;
    }
}
