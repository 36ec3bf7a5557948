"""One rule for what makes two outlet names one (`db.folding.outlet_identity`), applied to the
stored name and to the name given alike, wherever an outlet is found or made: import, ingest,
`--outlet`, and migration 0017's copy. Before, import and ingest straightened only the new name
(`spellings`), so 'O‘Neil Times' (U+2018) and "O'Neil Times" became two outlets, which 0017
would have merged and `--outlet "O'Neil Times"` found half of (found in review of noticed16;
issue 15)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import select

from claims.models import Outlet
from db.folding import outlet_identity, outlet_identity_key
from tests.hostile import run

NAMES = ["CNN", "cnn", "ＣＮＮ", "Cnn\u200b", "O\u2018Neil Times", "O'Neil Times", "O\u02bcNEIL times",
         "O\u2019Neil  Times", "Nord\u2011Ouest Times", "nord-ouest\ttimes", "Northline\nNews", " İSTANBUL ",
         "Işık Haber", "Straße", "ΚΟΣΜΟΣ", "\u00a0Le\u00a0Monde", "Daily \u200b Post"]


def _migration_identity(step: str = "0017"):
    path = next(Path(__file__).parents[1].glob(f"db/migrations/versions/{step}_*.py"))
    spec = importlib.util.spec_from_file_location(f"m{step}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("step", ["0017", "0018"])
def test_migrations_copy_the_rule_as_it_is(step):
    identity = _migration_identity(step).identity
    names = [*NAMES, "Daily\x85Post", "Daily\x1cPost", "A\x1f B"]
    assert [identity(n) for n in names] == [outlet_identity(n) for n in names]


def test_migration_0018_copies_the_stored_key_as_it_is():
    key = _migration_identity("0018").key
    names = [*NAMES, "\ufdfa" * 200, "x" * 200, "\ufdfa" * 20]
    assert [key(n) for n in names] == [outlet_identity_key(n) for n in names]


def test_stored_identity_is_the_one_python_computes(db):
    """The identity stored with an outlet (migration 0018) is `outlet_identity` of its name, on
    both backends: it is computed in Python only (PostgreSQL's SQL copy of the rule read \\x85
    and \\x1c-\\x1f as letters)."""
    stored = [n for n in NAMES if n == " ".join(n.split())]  # names are stored one line
    with db.session() as s:
        for name in stored:
            s.add(Outlet(name=name + " " + str(len(s.new))))
        s.commit()
        got = dict(s.connection().execute(sa_select(Outlet.name, Outlet.identity)).all())
    assert got == {n: outlet_identity_key(n) for n in got} and len(got) == len(stored)


def _article(tmp_path, i: int) -> str:
    path = tmp_path / f"a{i}.txt"
    path.write_text(f"The council said the harbour tunnel {i} cost {i + 90} million euros in 2023.\n",
                    encoding="utf-8")
    return str(path)


def test_curly_and_straight_apostrophes_make_one_outlet(db, tmp_path):
    assert run(db, "ingest", _article(tmp_path, 1), "--outlet", "O\u2018Neil Times").exit_code == 0
    assert run(db, "ingest", _article(tmp_path, 2), "--outlet", "O'Neil Times").exit_code == 0
    assert run(db, "ingest", _article(tmp_path, 3), "--outlet", "O\u02bcNeil Times").exit_code == 0
    imported = tmp_path / "o.jsonl"
    imported.write_text(json.dumps({"id": "x", "text": "The mayor said bridge 7 cost 47 million euros last year.",
                                    "outlet": "o\u2019neil times"}) + "\n", encoding="utf-8")
    assert run(db, "import", str(imported)).exit_code == 0
    with db.session() as s:
        assert s.exec(select(Outlet.name)).all() == ["O\u2018Neil Times"]
    total = len(run(db, "list", "--format", "jsonl").output.splitlines())
    for typed in ("O'Neil Times", "o\u2018neil  times", "O\u02bcNeil Times"):
        assert len(run(db, "list", "--format", "jsonl", "--outlet", typed).output.splitlines()) == total >= 4
