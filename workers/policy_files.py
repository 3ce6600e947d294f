"""Reading the YAML policy files compliance owns (routing, reason codes)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_policy_yaml(path: Path, what: str) -> Any:
    """The parsed file; a ValueError naming the file and the error type (never the content)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read {what} ({type(exc).__name__})") from exc
