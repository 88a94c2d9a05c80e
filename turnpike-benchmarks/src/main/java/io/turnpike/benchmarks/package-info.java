/**
 * JMH benchmarks of the data plane's hot code. Built by {@code mvn verify} so they keep compiling, never
 * run by it: {@code java -jar turnpike-benchmarks/target/benchmarks.jar} (see bench/README.md).
 */
package io.turnpike.benchmarks;
