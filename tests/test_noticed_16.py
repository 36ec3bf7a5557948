"""What earlier hostile passes noticed and left (issue 15, the second "noticed" list): each
test fails before its fix. Reproduced as a user meets them: the CLI on a desk (both backends
where the desk matters), standard input as a shell gives it."""

from __future__ import annotations

import json

from sqlmodel import select

from claims.models import Outlet
from tests.hostile import run

# --- one outlet under names that differ only in case or width -------------------------------------


def test_case_and_width_do_not_make_another_outlet(db, tmp_path):
    """'CNN', 'cnn' and 'ＣＮＮ' (full-width, as CJK text writes it) were three outlets, which
    `--outlet cnn` found as one and triage counted as three. An import and an ingest store the
    first name seen; a new outlet is still one."""
    names = ["CNN", "cnn", "ＣＮＮ", "Cnn\u200b", "Nord-Ouest Times", "NORD\u2011OUEST TIMES"]
    path = tmp_path / "o.jsonl"
    path.write_text("".join(json.dumps({"id": f"o{i}", "text": f"The mayor said bridge {i} cost {i + 40} million "
                                        "euros last year.", "outlet": name, "url": f"https://n{i}.example/a"}) + "\n"
                            for i, name in enumerate(names)), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("The council said the harbour tunnel cost 90 million euros in 2023.\n", encoding="utf-8")
    assert run(db, "ingest", str(article), "--outlet", "ｃｎｎ").exit_code == 0
    with db.session() as s:
        assert sorted(s.exec(select(Outlet.name))) == ["CNN", "Nord-Ouest Times"]
    listed = run(db, "list", "--format", "jsonl").output.splitlines()
    assert {tuple(json.loads(line)["outlets"]) for line in listed} == {("CNN",), ("Nord-Ouest Times",)}
