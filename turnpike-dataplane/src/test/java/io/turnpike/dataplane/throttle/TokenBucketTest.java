package io.turnpike.dataplane.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    final AtomicLong nanos = new AtomicLong(123_456_789L);
    final Ticker ticker = nanos::get;

    int admitted(TokenBucket b, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (b.tryAcquire()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aFullBucketAdmitsTheBurstThenRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(10, 5, ticker);
        assertThat(admitted(b, 100)).isEqualTo(5);
        nanos.addAndGet(100_000_000L); // 0.1 s = one token at 10/s
        assertThat(admitted(b, 100)).isEqualTo(1);
        nanos.addAndGet(250_000_000L); // 2.5 tokens
        assertThat(admitted(b, 100)).isEqualTo(2);
        nanos.addAndGet(60_000_000_000L); // long idle: refills to the burst, never beyond
        assertThat(admitted(b, 100)).isEqualTo(5);
    }

    @Test
    void fractionalRatesAndZeroLimits() {
        TokenBucket slow = new TokenBucket(0.5, 1, ticker);
        assertThat(admitted(slow, 10)).isEqualTo(1);
        nanos.addAndGet(1_999_999_999L);
        assertThat(admitted(slow, 10)).isZero();
        nanos.addAndGet(1L);
        assertThat(admitted(slow, 10)).isEqualTo(1);

        assertThat(admitted(new TokenBucket(100, 0, ticker), 10)).isZero();
        TokenBucket noRefill = new TokenBucket(0, 3, ticker);
        assertThat(admitted(noRefill, 10)).isEqualTo(3);
        nanos.addAndGet(3_600_000_000_000L);
        assertThat(admitted(noRefill, 10)).isZero();
    }

    @Test
    void reconfiguringKeepsWhatWasUsed() {
        TokenBucket b = new TokenBucket(1, 10, ticker);
        assertThat(admitted(b, 8)).isEqualTo(8);
        TokenBucket bigger = b.reconfigured(1, 20);
        assertThat(admitted(bigger, 100)).isEqualTo(12);
        Buckets buckets = new Buckets(ticker);
        Buckets.Scope s = Buckets.Scope.planKey("p", "k");
        TokenBucket first = buckets.bucket(s, 1, 2);
        assertThat(buckets.bucket(s, 1, 2)).isSameAs(first);
        assertThat(first.tryAcquire()).isTrue();
        TokenBucket changed = buckets.bucket(s, 1, 3);
        assertThat(changed).isNotSameAs(first);
        assertThat(admitted(changed, 10)).isEqualTo(2);
    }

    @Test
    void aConcurrentBurstAdmitsExactlyTheBurstSize() throws Exception {
        for (int round = 0; round < 20; round++) {
            TokenBucket b = new TokenBucket(1, 50, ticker); // time stands still: no refill
            int threads = 8;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger ok = new AtomicInteger();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 100; i++) {
                        if (b.tryAcquire()) {
                            ok.incrementAndGet();
                        }
                    }
                });
                th.start();
                all.add(th);
            }
            go.countDown();
            for (Thread th : all) {
                th.join();
            }
            assertThat(ok.get()).isEqualTo(50);
        }
    }
}
