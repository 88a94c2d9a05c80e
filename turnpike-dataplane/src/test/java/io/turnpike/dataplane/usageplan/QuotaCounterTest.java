package io.turnpike.dataplane.usageplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.usage.QuotaSettings;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaCounterTest {

    static long day(String iso) {
        return LocalDate.parse(iso).toEpochDay();
    }

    static int admitted(QuotaCounter c, String iso, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (c.tryConsume(day(iso))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void dailyQuotaRollsOverAtMidnightUtc() {
        QuotaCounter c = new QuotaCounter("p", "k");
        c.configure(new QuotaSettings(3, null, "DAY"), day("2024-05-01"));
        assertThat(admitted(c, "2024-05-01", 10)).isEqualTo(3);
        assertThat(admitted(c, "2024-05-02", 10)).isEqualTo(3);
    }

    @Test
    void weeklyQuotaRunsSundayToSaturday() {
        QuotaCounter c = new QuotaCounter("p", "k");
        c.configure(new QuotaSettings(4, null, "WEEK"), day("2024-01-01"));
        // 2024-05-04 is a Saturday, 2024-05-05 a Sunday
        assertThat(admitted(c, "2024-04-28", 2)).isEqualTo(2); // Sunday
        assertThat(admitted(c, "2024-05-04", 10)).isEqualTo(2); // same week
        assertThat(admitted(c, "2024-05-05", 10)).isEqualTo(4); // a new week
    }

    @Test
    void monthlyQuotaWithOffsetInTheFirstMonthOnly() {
        QuotaCounter c = new QuotaCounter("p", "k");
        c.configure(new QuotaSettings(10, 4, "MONTH"), day("2024-05-20"));
        assertThat(admitted(c, "2024-05-20", 100)).isEqualTo(6);
        assertThat(admitted(c, "2024-05-31", 100)).isZero();
        assertThat(admitted(c, "2024-06-01", 100)).isEqualTo(10);
        assertThat(admitted(c, "2024-07-15", 100)).isEqualTo(10);
    }

    @Test
    void countsArePendingPerDayUntilDrainedAndLoadRestoresThePeriod() {
        QuotaCounter c = new QuotaCounter("p", "k");
        c.configure(null, day("2024-05-01")); // no quota: counted only
        admitted(c, "2024-05-01", 5);
        admitted(c, "2024-05-02", 2);
        List<long[]> drained = c.drain();
        assertThat(drained).extracting(a -> a[0]).containsExactly(day("2024-05-01"), day("2024-05-02"));
        assertThat(drained).extracting(a -> a[1]).containsExactly(5L, 2L);
        assertThat(c.drain()).isEmpty();

        QuotaCounter restarted = new QuotaCounter("p", "k");
        restarted.configure(new QuotaSettings(10, null, "MONTH"), day("2024-04-01"));
        restarted.load(day("2024-05-01"), 7);
        assertThat(admitted(restarted, "2024-05-03", 10)).isEqualTo(3);
    }
}
