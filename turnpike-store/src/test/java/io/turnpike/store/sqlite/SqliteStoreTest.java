package io.turnpike.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.model.rest.RestApi;
import io.turnpike.store.Kind;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private static RestApi api(String id, String name) {
        return new RestApi(id, name, null, 1L, null, null, null, null, "HEADER", null, null, null, false, "root");
    }

    private static <T> List<T> list(Store store, Kind<T> kind, String scope) {
        return store.read(tx -> tx.list(kind, scope));
    }

    @Test
    void writesAreReadBackAndMoveTheRevision() {
        try (Store store = SqliteStore.open(dir, json)) {
            assertThat(store.revision()).isZero();
            store.write(tx -> {
                tx.put(Kinds.REST_API, Store.GLOBAL, "a", api("a", "first"));
                tx.put(Kinds.REST_API, Store.GLOBAL, "b", api("b", "second"));
                return null;
            });
            assertThat(store.revision()).isEqualTo(1);
            Optional<RestApi> a = store.read(tx -> tx.get(Kinds.REST_API, Store.GLOBAL, "a"));
            assertThat(a).hasValueSatisfying(v -> assertThat(v.name()).isEqualTo("first"));
            long readAt = store.read(tx -> tx.revision());
            assertThat(readAt).isEqualTo(1);
        }
    }

    @Test
    void unversionedKindsAreDurableButDoNotMoveTheRevision() {
        java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        try (Store store = SqliteStore.open(dir, json)) {
            store.onCommit(r -> commits.incrementAndGet());
            store.write(tx -> {
                tx.put(
                        Kinds.USAGE_DAY,
                        "plan01",
                        "k/2024-05-01",
                        new io.turnpike.model.usage.UsageDay("k", "2024-05-01", 3, 0));
                return null;
            });
            assertThat(store.revision()).isZero();
            assertThat(commits.get()).isZero();
            store.write(tx -> tx.delete(Kinds.USAGE_DAY, "plan01", "k/2024-05-01"));
            assertThat(store.revision()).isZero();
            store.write(tx -> {
                tx.put(
                        Kinds.USAGE_DAY,
                        "plan01",
                        "k/2024-05-02",
                        new io.turnpike.model.usage.UsageDay("k", "2024-05-02", 5, 1));
                return null;
            });
        }
        try (Store reopened = SqliteStore.open(dir, json)) {
            Optional<io.turnpike.model.usage.UsageDay> kept =
                    reopened.read(tx -> tx.get(Kinds.USAGE_DAY, "plan01", "k/2024-05-02"));
            Optional<io.turnpike.model.usage.UsageDay> deleted =
                    reopened.read(tx -> tx.get(Kinds.USAGE_DAY, "plan01", "k/2024-05-01"));
            assertThat(kept).hasValueSatisfying(d -> assertThat(d.used()).isEqualTo(5));
            assertThat(deleted).isEmpty();
        }
    }

    @Test
    void aWriteThatChangesNothingKeepsTheRevision() {
        try (Store store = SqliteStore.open(dir, json)) {
            store.write(tx -> tx.delete(Kinds.REST_API, Store.GLOBAL, "missing"));
            assertThat(store.revision()).isZero();
        }
    }

    @Test
    void aFailedWriteLeavesNoTrace() {
        try (Store store = SqliteStore.open(dir, json)) {
            store.write(tx -> {
                tx.put(Kinds.REST_API, Store.GLOBAL, "a", api("a", "kept"));
                return null;
            });
            assertThatThrownBy(() -> store.write(tx -> {
                        tx.put(Kinds.REST_API, Store.GLOBAL, "a", api("a", "overwritten"));
                        tx.put(Kinds.REST_API, Store.GLOBAL, "b", api("b", "added"));
                        throw new IllegalStateException("validation failed late");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("validation failed late");
            assertThat(store.revision()).isEqualTo(1);
            assertThat(list(store, Kinds.REST_API, Store.GLOBAL))
                    .extracting(RestApi::name)
                    .containsExactly("kept");
        }
    }

    @Test
    void listKeepsCreationOrderAcrossReplaces() {
        try (Store store = SqliteStore.open(dir, json)) {
            for (String id : List.of("zz", "aa", "mm")) {
                store.write(tx -> {
                    tx.put(Kinds.REST_API, Store.GLOBAL, id, api(id, id));
                    return null;
                });
            }
            store.write(tx -> {
                tx.put(Kinds.REST_API, Store.GLOBAL, "zz", api("zz", "renamed"));
                return null;
            });
            assertThat(list(store, Kinds.REST_API, Store.GLOBAL))
                    .extracting(RestApi::name)
                    .containsExactly("renamed", "aa", "mm");
        }
    }

    @Test
    void deleteScopeRemovesEveryKindInTheScopeOnly() {
        try (Store store = SqliteStore.open(dir, json)) {
            store.write(tx -> {
                tx.put(Kinds.REQUEST_VALIDATOR, "api1", "v1", new RequestValidator("v1", "body", true, false));
                tx.put(Kinds.REQUEST_VALIDATOR, "api2", "v2", new RequestValidator("v2", "params", false, true));
                return null;
            });
            int removed = store.write(tx -> tx.deleteScope("api1"));
            assertThat(removed).isEqualTo(1);
            assertThat(list(store, Kinds.REQUEST_VALIDATOR, "api1")).isEmpty();
            assertThat(list(store, Kinds.REQUEST_VALIDATOR, "api2")).hasSize(1);
        }
    }

    @Test
    void survivesReopenWithItsRevision() {
        try (Store store = SqliteStore.open(dir, json)) {
            for (int i = 0; i < 5; i++) {
                String id = "api" + i;
                store.write(tx -> {
                    tx.put(Kinds.REST_API, Store.GLOBAL, id, api(id, id));
                    return null;
                });
            }
        }
        try (Store store = SqliteStore.open(dir, json)) {
            assertThat(store.revision()).isEqualTo(5);
            assertThat(list(store, Kinds.REST_API, Store.GLOBAL)).hasSize(5);
        }
    }

    @Test
    void concurrentWritersAreSerializedAndNoneIsLost() throws Exception {
        try (Store store = SqliteStore.open(dir, json)) {
            store.write(tx -> {
                tx.put(Kinds.REST_API, Store.GLOBAL, "counter", api("counter", "0"));
                return null;
            });
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> store.write(tx -> {
                    RestApi c = tx.get(Kinds.REST_API, Store.GLOBAL, "counter").orElseThrow();
                    int n = Integer.parseInt(c.name());
                    tx.put(Kinds.REST_API, Store.GLOBAL, "counter", api("counter", Integer.toString(n + 1)));
                    return null;
                })));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            RestApi counter = store.read(tx -> tx.get(Kinds.REST_API, Store.GLOBAL, "counter"))
                    .orElseThrow();
            assertThat(counter.name()).isEqualTo("200");
            assertThat(store.revision()).isEqualTo(201);
        }
    }

    @Test
    void commitListenersSeeEachNewRevision() {
        try (Store store = SqliteStore.open(dir, json)) {
            List<Long> seen = new ArrayList<>();
            store.onCommit(seen::add);
            for (int i = 0; i < 3; i++) {
                store.write(tx -> {
                    tx.put(Kinds.REST_API, Store.GLOBAL, "x", api("x", "x"));
                    return null;
                });
            }
            assertThat(seen).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void refusesADatabaseFromANewerSchema() throws Exception {
        try (Store store = SqliteStore.open(dir, json)) {
            assertThat(store.revision()).isZero();
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("turnpike.db"));
                var s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> SqliteStore.open(dir, json))
                .hasMessageContaining("schema version 99 is newer than this Turnpike understands");
    }
}
