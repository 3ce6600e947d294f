"""Officers' decisions with the copy they judged, for retraining the classifier. Copy whose
personal data was erased is left out: erased content must not live on in a training set."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.content import vault

# A copy submitted with language "auto" is exported in the language the pipeline detected, which
# its latest report holds; the submitted "auto" would drop it from every training set.
_SQL = """
SELECT d.version_id, v.submission_id::text AS submission_id, v.version, v.text, v.content,
       CASE WHEN v.language = 'auto' THEN r.report->>'language' ELSE v.language END AS language,
       v.product, v.channel, d.outcome, d.reason_code
FROM decisions d JOIN submission_versions v ON v.id = d.version_id
LEFT JOIN LATERAL (SELECT report FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true
ORDER BY d.created_at, d.id
"""


def decided_copies(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Rows of ``version_id, text, language, product, channel, outcome, reason_code``, oldest first."""
    keys = vault()
    out = []
    with conn.cursor(row_factory=dict_row) as cur:
        for row in cur.execute(_SQL).fetchall():
            content = keys.open_or_none(conn, row.pop("submission_id"), row.pop("version"),
                                        blob=row.pop("content"), legacy_text=row["text"])
            if content is not None:
                out.append({**row, "text": content.text})
    return out
