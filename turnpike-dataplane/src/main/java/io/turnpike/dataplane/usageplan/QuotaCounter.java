package io.turnpike.dataplane.usageplan;

import io.turnpike.model.usage.QuotaPeriods;
import io.turnpike.model.usage.QuotaSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One key's usage of one plan: what the quota has consumed in the current period, and the requests not
 * yet flushed to the store. Lock-free: each is one {@link AtomicLong} packing a day (the period's first
 * day, or the day being counted) in the high 24 bits and a count in the low 40.
 *
 * <p>The quota is counted in whole UTC periods ({@link QuotaPeriods}); a request on a day after the
 * current period starts a new period at 0. Flushing hands the unflushed counts, per day, to the store;
 * a restart reads the period's consumption back ({@link #load}), so a crash loses at most what was not
 * flushed (one flush interval).
 */
final class QuotaCounter {

    private static final int SHIFT = 40;
    private static final long MASK = (1L << SHIFT) - 1;

    final String planId;
    final String keyId;

    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    /** Unflushed counts of earlier days, handed over when the day changes; packed like {@link #pending}. */
    private final ConcurrentLinkedQueue<Long> earlier = new ConcurrentLinkedQueue<>();

    private volatile QuotaSettings quota;
    private volatile long firstDay;
    private volatile Period period = new Period(Long.MIN_VALUE, Long.MIN_VALUE, 0);
    /** UpdateUsage's count of adjustments last loaded; a change means reload. */
    volatile long loadedAdjustments = -1;

    /** A quota period: days {@code [start, end)} and what the key may use in it. */
    private record Period(long start, long end, long limit) {}

    QuotaCounter(String planId, String keyId) {
        this.planId = planId;
        this.keyId = keyId;
    }

    /** Sets the plan's quota (null: none, only counted) and the day the key joined the plan. */
    void configure(QuotaSettings quota, long firstDay) {
        this.quota = quota;
        this.firstDay = firstDay;
        this.period = new Period(Long.MIN_VALUE, Long.MIN_VALUE, 0);
    }

    /**
     * Counts one request on {@code epochDay} if the quota has room; returns false (and counts nothing)
     * when the period's quota is used up.
     */
    boolean tryConsume(long epochDay) {
        QuotaSettings q = quota;
        if (q != null) {
            Period p = period(q, epochDay);
            while (true) {
                long s = consumed.get();
                long start = s >>> SHIFT;
                long count = s & MASK;
                if (start < p.start) {
                    count = 0; // a new period
                    start = p.start;
                }
                if (count >= p.limit) {
                    return false;
                }
                if (consumed.compareAndSet(s, (start << SHIFT) | (count + 1))) {
                    break;
                }
            }
        }
        countPending(epochDay);
        return true;
    }

    private void countPending(long epochDay) {
        while (true) {
            long s = pending.get();
            long day = s >>> SHIFT;
            if (day == epochDay) {
                if (pending.compareAndSet(s, s + 1)) {
                    return;
                }
            } else if (pending.compareAndSet(s, (epochDay << SHIFT) | 1)) {
                if ((s & MASK) > 0) {
                    earlier.add(s);
                }
                return;
            }
        }
    }

    private Period period(QuotaSettings q, long epochDay) {
        Period p = period;
        if (epochDay >= p.start && epochDay < p.end) {
            return p;
        }
        LocalDate start = QuotaPeriods.start(q.period(), LocalDate.ofEpochDay(epochDay));
        LocalDate end =
                switch (q.period()) {
                    case QuotaPeriods.DAY -> start.plusDays(1);
                    case QuotaPeriods.WEEK -> start.plusWeeks(1);
                    default -> start.plusMonths(1);
                };
        p = new Period(
                start.toEpochDay(), end.toEpochDay(), QuotaPeriods.limit(q, start, LocalDate.ofEpochDay(firstDay)));
        period = p;
        return p;
    }

    /** Takes the unflushed counts: pairs of {epochDay, count}. */
    List<long[]> drain() {
        List<long[]> out = new ArrayList<>(2);
        for (Long e; (e = earlier.poll()) != null; ) {
            out.add(new long[] {e >>> SHIFT, e & MASK});
        }
        long s = pending.get();
        while ((s & MASK) > 0 && !pending.compareAndSet(s, s & ~MASK)) {
            s = pending.get();
        }
        if ((s & MASK) > 0) {
            out.add(new long[] {s >>> SHIFT, s & MASK});
        }
        return out;
    }

    /** Gives back counts a failed flush could not write, so the next flush writes them. */
    void undrain(List<long[]> counts) {
        for (long[] c : counts) {
            earlier.add((c[0] << SHIFT) | c[1]);
        }
    }

    /**
     * Sets what the period starting {@code periodStart} has consumed, as the store has it, plus the
     * counts not flushed yet. Requests counted between the store read and this call are seen by the next
     * load; limits are best effort, as AWS documents them.
     */
    void load(long periodStart, long storedConsumed) {
        long unflushed = 0;
        for (Long e : earlier) {
            if ((e >>> SHIFT) >= periodStart) {
                unflushed += e & MASK;
            }
        }
        long s = pending.get();
        if ((s >>> SHIFT) >= periodStart) {
            unflushed += s & MASK;
        }
        long total = Math.max(0, storedConsumed + unflushed);
        consumed.set((periodStart << SHIFT) | Math.min(total, MASK));
    }

    QuotaSettings quota() {
        return quota;
    }

    long firstDay() {
        return firstDay;
    }

    /** What the current period has consumed (for tests and the execution log). */
    long consumed() {
        return consumed.get() & MASK;
    }
}
