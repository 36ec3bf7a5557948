"""Saved filters: the built-in ones ("my queue", "suggestions to review") and the user's own.

The user's own live in `$XDG_CONFIG_HOME/claims/filters.json` as {name: {field: value}}.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from pathlib import Path

from claims import untrusted
from claims.services.queries import ClaimFilter


def builtin_filters(reviewer: str) -> dict[str, ClaimFilter]:
    return {
        "all claims": ClaimFilter(),
        "my queue": ClaimFilter(status=("in_review",), reviewer=reviewer),
        "suggestions to review": ClaimFilter(has_suggestions=True),
        "unverified, most worth checking": ClaimFilter(status=("unverified",)),
        "in review": ClaimFilter(status=("in_review",)),
        "verified": ClaimFilter(status=("verified",)),
        "false or misleading": ClaimFilter(verdict=("false", "mostly_false", "misleading")),
    }


def filters_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "claims" / "filters.json"


def _from_record(record: dict) -> ClaimFilter:
    known = {f.name for f in fields(ClaimFilter)}
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in record.items() if k in known}
    return ClaimFilter(**values)


def user_filters(path: Path | None = None) -> dict[str, ClaimFilter]:
    path = path or filters_path()
    try:
        data = untrusted.json_loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for name, record in data.items() if isinstance(data, dict) else []:
        try:
            out[str(name)] = _from_record(record)
        except (TypeError, ValueError):
            continue
    return out


def save_filter(name: str, flt: ClaimFilter, path: Path | None = None) -> Path:
    path = path or filters_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    current = {k: asdict(v) for k, v in user_filters(path).items()}
    current[name] = asdict(flt)
    path.write_text(json.dumps(current, indent=2, sort_keys=True), encoding="utf-8")
    return path


def all_filters(reviewer: str) -> dict[str, ClaimFilter]:
    return {**builtin_filters(reviewer), **user_filters()}
