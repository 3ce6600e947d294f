"""What the per-generator report reads: each reviewed version that declared its provenance."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.oversight.generators import GeneratorFigures, generator_report

_ROWS = """
SELECT v.provenance->'generator' AS generator, r.verdict,
       coalesce((SELECT array_agg(DISTINCT f.rule_id) FROM findings f WHERE f.report_id = r.id AND f.source = 'rule'),
                '{}') AS rules,
       (SELECT outcome FROM decisions d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1) AS outcome
FROM submission_versions v
JOIN LATERAL (SELECT id, verdict FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true
WHERE v.provenance IS NOT NULL
  AND (%(since)s::timestamptz IS NULL OR v.created_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR v.created_at < %(until)s)
"""


def generator_figures(conn: psycopg.Connection, *, since: datetime | None = None,
                      until: datetime | None = None) -> list[GeneratorFigures]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows: list[dict[str, Any]] = cur.execute(_ROWS, {"since": since, "until": until}).fetchall()
    return generator_report(rows)
