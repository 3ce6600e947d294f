"""The migration runner on a real PostgreSQL: every file applied once, in order, with index builds
that must not block a live table run outside a transaction and safe to repeat after an interruption."""
from __future__ import annotations

import threading

import psycopg

from service.migrations import NO_TRANSACTION, migration_files, statements, upgrade

REQUEUE = "workers/0006_job_requeue_indexes.sql"
REQUEUE_INDEXES = ("jobs_enqueued_at", "jobs_updated_at")


def _valid_indexes(url: str) -> dict[str, bool]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                            "WHERE c.relname = ANY(%s)", (list(REQUEUE_INDEXES),)).fetchall()
    return dict(rows)


def test_statements_of_a_no_transaction_file_are_split_at_line_ends_without_comments():
    sql = f"{NO_TRANSACTION}\n-- why\nDROP INDEX IF EXISTS a;\nCREATE INDEX a\n  ON t (x);  \n-- end\nSELECT ';';"
    assert statements(sql) == ["DROP INDEX IF EXISTS a", "CREATE INDEX a\n  ON t (x)", "SELECT ';'"]


def test_the_requeue_index_migration_builds_concurrently():
    sql = dict(migration_files())[REQUEUE]
    assert sql.startswith(NO_TRANSACTION)
    assert all("CONCURRENTLY" in statement for statement in statements(sql))


def test_fresh_upgrade_applies_every_file_once_and_builds_valid_indexes(empty_db):
    names = [name for name, _ in migration_files()]
    # CREATE INDEX CONCURRENTLY raises inside a transaction block: this succeeding shows the
    # no-transaction file ran on its own.
    assert upgrade(empty_db) == names
    assert _valid_indexes(empty_db) == dict.fromkeys(REQUEUE_INDEXES, True)
    assert upgrade(empty_db) == []
    with psycopg.connect(empty_db) as conn:
        assert [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")] == sorted(names)


def test_an_interrupted_concurrent_build_is_repaired_by_the_next_upgrade(empty_db):
    upgrade(empty_db)
    with psycopg.connect(empty_db) as conn:
        # What a killed CREATE INDEX CONCURRENTLY leaves: an invalid index, the file not recorded.
        conn.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'jobs_enqueued_at'::regclass")
        conn.execute("DELETE FROM schema_migrations WHERE name = %s", (REQUEUE,))
    assert _valid_indexes(empty_db)["jobs_enqueued_at"] is False
    assert upgrade(empty_db) == [REQUEUE]
    assert _valid_indexes(empty_db) == dict.fromkeys(REQUEUE_INDEXES, True)


def test_two_upgraders_starting_together_apply_each_file_exactly_once(empty_db):
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(upgrade(empty_db))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(results, key=len) == [[], [name for name, _ in migration_files()]]


ERASED_STATUS = "workers/0007_erased_status.sql"


def test_the_erased_status_migration_closes_items_erased_before_it(empty_db):
    """A submission erased before erasure closed items (issue 17) still waited in the queue with a
    queued job; the migration closes it as `erased` and finishes the job, and leaves others alone."""
    from workers.store.submissions import NewCopy, store_copy

    upgrade(empty_db)
    copy = NewCopy(text="保證獲利", language="zh-TW", jurisdiction="TW", product="fund", channel="web")
    with psycopg.connect(empty_db) as conn:
        erased, kept = (store_copy(conn, submitted_by="user:m", copy=copy, pipeline_version="t") for _ in range(2))
        conn.execute("UPDATE submission_versions SET status = 'review' WHERE id = ANY(%s)",
                     ([erased.version_id, kept.version_id],))
        conn.execute("UPDATE data_keys SET wrapped_key = NULL, erased_at = now() WHERE submission_id = %s",
                     (erased.submission_id,))
        conn.execute("DELETE FROM schema_migrations WHERE name = %s", (ERASED_STATUS,))
    assert upgrade(empty_db) == [ERASED_STATUS]
    with psycopg.connect(empty_db) as conn:
        statuses = dict(conn.execute("SELECT v.id, v.status FROM submission_versions v").fetchall())
        states = dict(conn.execute("SELECT version_id, state FROM jobs").fetchall())
    assert statuses == {erased.version_id: "erased", kept.version_id: "review"}
    assert states == {erased.version_id: "done", kept.version_id: "queued"}
