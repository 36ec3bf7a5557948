"""Issue 15's found-not-fixed items of the hostile passes of 7 December (small34). Each test
fails before its fix."""

from __future__ import annotations

import socket

import pytest

# --- a socket given where a feed file is taken --------------------------------------------------------
#
# `claims ingest --feed SOCKET` said "no such feed file", `claims watch add SOCKET` "no such file"
# (and so of a folder or /dev/null): each door tested `is_file()`, false for all of these and a
# missing file alike. They now say what the path is, in the words `claims import` uses
# (`claims.paths.file_problem`).


@pytest.fixture
def unix_socket(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # bound by a short relative name: a socket's path has at most 107 bytes
    sock = socket.socket(socket.AF_UNIX)
    sock.bind("feed.sock")
    yield tmp_path / "feed.sock"
    sock.close()


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add")])
def test_a_socket_given_as_a_feed_file_is_named_a_socket(invoke, unix_socket, door):
    invoke("db", "init")
    result = invoke(*door, str(unix_socket))
    assert result.exit_code == 1
    assert f"{unix_socket}: is a socket, not a feed file" in result.output, result.output
    assert "no such" not in result.output


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add")])
@pytest.mark.parametrize(("what", "said"), [("folder", "is a folder"),
                                            ("device", "not a regular file (a pipe or device)")])
def test_a_folder_or_device_given_as_a_feed_file_is_named_so(invoke, tmp_path, door, what, said):
    invoke("db", "init")
    path = str(tmp_path) if what == "folder" else "/dev/null"
    result = invoke(*door, path)
    assert result.exit_code == 1
    assert f"{path}: {said}, not a feed file" in result.output, result.output


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add"), ("import",), ("ingest",)])
def test_a_missing_file_is_still_no_such_file(invoke, tmp_path, door):
    invoke("db", "init")
    result = invoke(*door, str(tmp_path / "nope.xml"))
    assert result.exit_code == 1 and "no such" in result.output, result.output


@pytest.mark.parametrize("door", [("import",), ("ingest",)])
def test_a_socket_is_named_a_socket_at_the_other_doors_too(invoke, unix_socket, door):
    invoke("db", "init")
    result = invoke(*door, str(unix_socket))
    assert result.exit_code == 1 and f"{unix_socket}: is a socket, not a" in result.output, result.output


# --- `claims export` (CSV) cut `reviewed_at` to the second ---------------------------------------------
#
# `claims export` wrote '2026-12-07T07:05:49+00:00' where `list --format jsonl` (and csv) wrote
# '2026-12-07T07:05:49.790085+00:00': export -> import lost the microseconds. The import reads
# both forms (an older export still imports).


def _reviewed_at(result) -> str:
    import json

    assert result.exit_code == 0, result.output
    return json.loads(result.output.splitlines()[0])["reviewed_at"]


def test_csv_export_keeps_reviewed_at_whole_and_import_reads_it_back(invoke, tmp_path, runner):
    import csv
    import json

    from tui.entry import cli

    stored = "2024-04-14T09:30:05.250001+00:00"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"claim": "Unemployment rose to 7.5 percent in March", "status": "verified",
                                  "verdict": "false", "reviewer": "ann", "reviewed_at": stored}) + "\n")
    invoke("db", "init")
    assert invoke("import", str(source)).exit_code == 0
    assert _reviewed_at(invoke("list", "--status", "verified", "--format", "jsonl")) == stored
    out = tmp_path / "out.csv"
    assert invoke("export", "-o", str(out)).exit_code == 0
    with open(out, newline="", encoding="utf-8") as fh:
        assert next(csv.DictReader(fh))["reviewed_at"] == stored  # was '2024-04-14T09:30:05+00:00'
    other = tmp_path / "other.db"
    for args in (("db", "init"), ("import", str(out))):
        result = runner.invoke(cli, [*args, "--db", str(other)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["list", "--status", "verified", "--format", "jsonl", "--db", str(other)])
    assert _reviewed_at(again) == stored


@pytest.mark.parametrize("written", ["2024-04-14T09:30:05+00:00", "2024-04-14T09:30:05.250000+00:00"])
def test_csv_import_reads_reviewed_at_with_or_without_microseconds(invoke, tmp_path, written):
    path = tmp_path / "in.csv"
    path.write_text("claim,status,verdict,reviewer,reviewed_at\r\n"
                    f"Unemployment rose to 7.5 percent in March,verified,false,ann,{written}\r\n", encoding="utf-8")
    invoke("db", "init")
    assert invoke("import", str(path)).exit_code == 0
    assert _reviewed_at(invoke("list", "--status", "verified", "--format", "jsonl")) == written


# --- `claims import arr.json` of a JSON array said "(jsonl)" ----------------------------------------------
#
# An import names the format it read: a JSON array, or one object over several lines (a JSON-LD
# file), is 'json'; JSON lines stay 'jsonl', and `--format jsonl` (the option's name for any
# JSON of records) is unchanged. The import's audit summary (`claims history`) says it alike.
# One object on one line is 'json' in a file named .json (leftovers34: it said '(jsonl)'), and
# JSON lines in one named .jsonl.

_ONE = {"claim": "Unemployment rose to 7.5 percent in March", "status": "unverified"}


@pytest.mark.parametrize(("layout", "said"), [("array", "json"), ("pretty object", "json"), ("lines", "jsonl"),
                                              ("one line", "json"), ("one line.jsonld", "json")])
@pytest.mark.parametrize("option", [(), ("--format", "jsonl")])
def test_an_import_names_the_json_layout_it_read(invoke, db_path, tmp_path, layout, said, option):
    import json

    from claims.services.import_audit import ImportSummary
    from db import Database

    text = {"array": json.dumps([_ONE]), "pretty object": json.dumps(_ONE, indent=1),
            "lines": json.dumps(_ONE) + "\n", "one line": json.dumps(_ONE) + "\n",
            "one line.jsonld": json.dumps(_ONE)}[layout]
    path = tmp_path / ("in.jsonl" if layout == "lines" else "in.jsonld" if layout.endswith(".jsonld") else "in.json")
    path.write_text(text, encoding="utf-8")
    invoke("db", "init")
    result = invoke("import", *option, str(path))
    assert result.exit_code == 0, result.output
    assert f"imported 1 claim from {path} ({said})" in result.output, result.output
    database = Database(str(db_path))
    try:
        with database.session() as session:
            from sqlalchemy import text as sql

            new = session.execute(sql("SELECT new FROM event WHERE field = 'import'")).scalar_one()
    finally:
        database.close()
    assert ImportSummary.from_json(new).format == said


# --- a PostgreSQL database not encoded UTF8 ----------------------------------------------------------------
#
# `claims db init` on a database made with `createdb -E LATIN1` (or SQL_ASCII) failed in the
# schema upgrade: 'character with byte sequence 0xcf 0x82 in encoding "UTF8" has no equivalent
# in encoding "LATIN1"' / 'conversion between UTF8 and SQL_ASCII is not supported', naming
# neither the database nor its encoding as the cause. Every opening now names both.


@pytest.mark.parametrize("encoding", ["LATIN1", "SQL_ASCII"])
def test_a_database_not_encoded_utf8_is_refused_naming_its_encoding(fresh_pg_url, runner, encoding):
    from sqlalchemy.engine import make_url

    from tui.entry import cli

    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server")
    url = fresh_pg_url(encoding.lower(), f"ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    name = make_url(url).database
    for args in (("db", "init"), ("list",)):
        result = runner.invoke(cli, ["--db", url, *args])
        assert result.exit_code == 1, result.output
        assert f"the PostgreSQL database {name} is encoded {encoding}; claims needs UTF8" in result.output
        assert "createdb -E UTF8" in result.output and "Traceback" not in result.output
