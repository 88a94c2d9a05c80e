/** The embedded SQLite implementation of the store: one file in the data directory, WAL, fsync on commit. */
package io.turnpike.store.sqlite;
