package io.turnpike.model.usage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The calendar periods a quota counts in, in UTC: a {@code DAY} starts at midnight UTC, a {@code WEEK} on
 * Sunday (AWS's older {@code QuotaSettings} documentation: "with a time period of WEEK, an offset of 0
 * means Sunday"), a {@code MONTH} on the first of the month. Shared by the control plane (GetUsage,
 * UpdateUsage) and the data plane (enforcement), so both count the same periods.
 */
public final class QuotaPeriods {

    public static final String DAY = "DAY";
    public static final String WEEK = "WEEK";
    public static final String MONTH = "MONTH";

    private QuotaPeriods() {}

    public static boolean valid(String period) {
        return DAY.equals(period) || WEEK.equals(period) || MONTH.equals(period);
    }

    /** The first day of the period that {@code day} falls in. */
    public static LocalDate start(String period, LocalDate day) {
        return switch (period) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
            case MONTH -> day.withDayOfMonth(1);
            default -> throw new IllegalArgumentException("period: " + period + " (expected: DAY, WEEK or MONTH)");
        };
    }

    /** The period's start as an epoch day: a compact, comparable name for the period. */
    public static long index(String period, long epochDay) {
        return start(period, LocalDate.ofEpochDay(epochDay)).toEpochDay();
    }

    /**
     * What a key may use in the period starting at {@code periodStart}: the limit, less the offset in the
     * key's first period (the one containing {@code firstDay}, when the key joined the plan).
     */
    public static long limit(QuotaSettings quota, LocalDate periodStart, LocalDate firstDay) {
        long limit = quota.limit() == null ? 0 : quota.limit();
        if (quota.offset() != null && start(quota.period(), firstDay).equals(periodStart)) {
            limit -= quota.offset();
        }
        return Math.max(0, limit);
    }
}
