package io.turnpike.benchmarks;

import io.turnpike.dataplane.throttle.Ticker;
import io.turnpike.dataplane.throttle.TokenBucket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The throttle decision: one {@link TokenBucket#tryAcquire} on the system ticker, for a bucket that
 * admits (a limit far above the benchmark's rate) and one that rejects (burst 0 would short-cut, so an
 * exhausted bucket with a negligible rate), single-threaded and with two threads contending on one
 * bucket (its compare-and-set loop).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBucketBenchmark {

    TokenBucket admitting;
    TokenBucket exhausted;

    @Setup
    public void setUp() {
        admitting = new TokenBucket(1e12, Integer.MAX_VALUE, Ticker.system());
        exhausted = new TokenBucket(1e-9, 1, Ticker.system());
        exhausted.tryAcquire();
    }

    @Benchmark
    public boolean admit() {
        return admitting.tryAcquire();
    }

    @Benchmark
    public boolean reject() {
        return exhausted.tryAcquire();
    }

    @Benchmark
    @Threads(2)
    public boolean admitContended() {
        return admitting.tryAcquire();
    }
}
