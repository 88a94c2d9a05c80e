package io.turnpike.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.store.Kind;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import io.turnpike.store.StoreException;
import io.turnpike.store.WriteTx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The embedded store: one SQLite database file in the data directory.
 *
 * <p><b>Durability.</b> The database runs in WAL mode with {@code synchronous=FULL}: a commit returns
 * only after the WAL has been fsynced, so a write the control plane acknowledged survives {@code kill
 * -9} and power loss alike. A write transaction starts with {@code BEGIN IMMEDIATE}, which takes
 * SQLite's write lock up front, so two writers (even in two processes sharing the file) serialize
 * instead of failing with a busy upgrade half-way through their work.
 *
 * <p><b>Connections.</b> One connection writes and one reads, each guarded by its own lock. WAL lets
 * the reader see the last committed state while a write is in progress, so readers never wait for
 * writers; the management API is not a high-throughput path, and the data plane reads the store only
 * to compile snapshots.
 */
public final class SqliteStore implements Store {

    /**
     * Schema migrations, applied in order inside one transaction each. The index + 1 is the schema
     * version recorded in SQLite's {@code user_version}. Only ever append.
     */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE documents ("
                    + " kind TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,"
                    + " body TEXT NOT NULL, revision INTEGER NOT NULL,"
                    + " PRIMARY KEY (kind, scope, id))",
            // rowid order is creation order: an upsert keeps the row, so a replaced document keeps its place
            "CREATE INDEX documents_by_scope ON documents (scope, kind)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "INSERT INTO meta (key, value) VALUES ('revision', 0)"));

    private final ObjectMapper json;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final AtomicLong revision = new AtomicLong();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    private SqliteStore(ObjectMapper json, Connection writer, Connection reader) {
        this.json = json;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (creating and migrating if needed) the store in {@code directory}/turnpike.db. */
    public static SqliteStore open(Path directory, ObjectMapper json) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + directory + ": " + e.getMessage(), e);
        }
        NativeLibrary.prepare(directory);
        String url = "jdbc:sqlite:" + directory.resolve("turnpike.db").toAbsolutePath();
        Connection writer = null;
        try {
            writer = DriverManager.getConnection(url);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            writer.setAutoCommit(true);
            migrate(writer);
            Connection reader = DriverManager.getConnection(url);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA query_only=ON");
            }
            SqliteStore store = new SqliteStore(json, writer, reader);
            store.revision.set(store.readRevision(writer));
            return store;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new StoreException("cannot open store " + url + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > MIGRATIONS.size()) {
                    throw new SQLException("database schema version " + version
                            + " is newer than this Turnpike understands (expected: <= " + MIGRATIONS.size() + ")");
                }
                for (int v = version; v < MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version = " + (v + 1));
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    @Override
    public <T> T read(Work<ReadTx, T> work) {
        readLock.lock();
        try (Statement s = reader.createStatement()) {
            s.execute("BEGIN");
            try {
                Tx tx = new Tx(reader, readRevision(reader));
                return work.apply(tx);
            } finally {
                s.execute("COMMIT");
            }
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public <T> T write(Work<WriteTx, T> work) {
        long committed;
        T result;
        writeLock.lock();
        try {
            try (Statement s = writer.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            Tx tx;
            try {
                tx = new Tx(writer, readRevision(writer) + 1);
                result = work.apply(tx);
                if (tx.changed) {
                    try (Statement s = writer.createStatement()) {
                        s.executeUpdate("UPDATE meta SET value = value + 1 WHERE key = 'revision'");
                    }
                }
            } catch (RuntimeException | Error e) {
                rollback();
                throw e;
            } catch (SQLException e) {
                rollback();
                throw new StoreException("write failed: " + e.getMessage(), e);
            }
            try (Statement s = writer.createStatement()) {
                s.execute("COMMIT");
            }
            if (!tx.changed) {
                return result;
            }
            committed = tx.revision;
            revision.set(committed);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("commit failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        for (LongConsumer listener : listeners) {
            listener.accept(committed);
        }
        return result;
    }

    private void rollback() {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open (BEGIN itself failed): nothing to undo
        }
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public void onCommit(LongConsumer listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        try {
            closeQuietly(reader);
            closeQuietly(writer);
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing on shutdown or after a failed open: nothing left to do with it
            }
        }
    }

    private long readRevision(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'revision'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** A transaction on one connection; used for reads and writes alike. */
    private final class Tx implements WriteTx {
        private final Connection c;
        private final long revision;
        private boolean changed;

        Tx(Connection c, long revision) {
            this.c = c;
            this.revision = revision;
        }

        @Override
        public long revision() {
            return revision;
        }

        @Override
        public <T> Optional<T> get(Kind<T> kind, String scope, String id) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT body FROM documents WHERE kind = ? AND scope = ? AND id = ?")) {
                ps.setString(1, kind.name());
                ps.setString(2, scope);
                ps.setString(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(decode(kind, rs.getString(1))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException("get " + kind.name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public <T> List<T> list(Kind<T> kind, String scope) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT body FROM documents WHERE kind = ? AND scope = ? ORDER BY rowid")) {
                ps.setString(1, kind.name());
                ps.setString(2, scope);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(decode(kind, rs.getString(1)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("list " + kind.name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public <T> void put(Kind<T> kind, String scope, String id, T value) {
            String body;
            try {
                body = json.writeValueAsString(kind.type().cast(value));
            } catch (JsonProcessingException e) {
                throw new StoreException("cannot serialize " + kind.name() + ": " + e.getMessage(), e);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO documents (kind, scope, id, body, revision)"
                            + " VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (kind, scope, id) DO UPDATE SET body = excluded.body, revision = excluded.revision")) {
                ps.setString(1, kind.name());
                ps.setString(2, scope);
                ps.setString(3, id);
                ps.setString(4, body);
                ps.setLong(5, revision);
                ps.executeUpdate();
                changed |= kind.versioned();
            } catch (SQLException e) {
                throw new StoreException("put " + kind.name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean delete(Kind<?> kind, String scope, String id) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM documents WHERE kind = ? AND scope = ? AND id = ?")) {
                ps.setString(1, kind.name());
                ps.setString(2, scope);
                ps.setString(3, id);
                boolean deleted = ps.executeUpdate() > 0;
                changed |= deleted && kind.versioned();
                return deleted;
            } catch (SQLException e) {
                throw new StoreException("delete " + kind.name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int deleteScope(String scope) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE scope = ?")) {
                ps.setString(1, scope);
                int n = ps.executeUpdate();
                changed |= n > 0;
                return n;
            } catch (SQLException e) {
                throw new StoreException("delete scope failed: " + e.getMessage(), e);
            }
        }

        private <T> T decode(Kind<T> kind, String body) {
            try {
                return json.readValue(body, kind.type());
            } catch (IOException e) {
                throw new StoreException("stored " + kind.name() + " is unreadable: " + e.getMessage(), e);
            }
        }
    }
}
