"""File downloads the API and the desk serve."""
from __future__ import annotations

from fastapi.responses import Response


def csv_download(body: str, filename: str) -> Response:
    """``body`` as a CSV attachment, never cached (tables can name officers and copy)."""
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
