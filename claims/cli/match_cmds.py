"""`claims dupes`, `claims search`, `claims compare`: the same claim, wherever it reappears."""

from __future__ import annotations

import json

import click
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

from claims import untrusted
from claims.cli.options import (
    POSITIVE_INT,
    FiniteRange,
    format_option,
    note,
    pass_db,
    progress_bar,
    reviewer_option,
)
from claims.cli.output import write_records
from claims.cli.params import PATH, TEXT
from claims.errors import ClaimsError
from claims.matching import compare as compare_pair
from claims.search_text import require_words
from claims.services.clusters import decide_matches
from claims.services.matching import (
    list_suggestions,
    matching_settings,
    rebuild_matches,
    require_search_words,
    search_in_session,
)
from claims.services.store_index import StoreIndex


@click.command()
@click.option("--accept", "accept_ids", multiple=True, type=POSITIVE_INT, metavar="MATCH_ID",
              help="Accept a suggestion: merge the pair (repeatable).")
@click.option("--reject", "reject_ids", multiple=True, type=POSITIVE_INT, metavar="MATCH_ID",
              help="Reject a suggestion (repeatable).")
@click.option("--accept-above", type=FiniteRange(0, 100), metavar="SCORE",
              help="Accept every pending suggestion scoring at least SCORE (conflicts excepted).")
@click.option("--reject-below", type=FiniteRange(0, 100), metavar="SCORE",
              help="Reject every pending suggestion scoring below SCORE.")
@click.option("--rebuild", is_flag=True, help="Rebuild the index and recompute every automatic match.")
@click.option("--limit", type=POSITIVE_INT, default=50, show_default=True)
@format_option("table", "jsonl", default="table")
@reviewer_option
@pass_db
def dupes(db, accept_ids, reject_ids, accept_above, reject_below, rebuild, limit, fmt, reviewer):
    """Review suggested duplicates: list them with scores and explanations, accept, reject."""
    if rebuild:
        with progress_bar(TextColumn("matching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as progress:
            task = progress.add_task("", total=None)
            summary = rebuild_matches(db, progress=lambda done, total: progress.update(task, completed=done, total=total))
        note(f"rebuilt matches: {summary.describe()}")
        return
    if accept_above is not None:
        accept_ids = (*accept_ids, *(s.match_id for s in list_suggestions(db, limit=None, min_score=accept_above)
                                     if not s.conflict))
    if reject_below is not None:
        reject_ids = (*reject_ids, *(s.match_id for s in list_suggestions(db, limit=None, max_score=reject_below)))
    if set(accept_ids) & set(reject_ids):
        raise ClaimsError("a match cannot be both accepted and rejected: "
                          + ", ".join(map(str, sorted(set(accept_ids) & set(reject_ids)))))
    for ids, accept, done in ((accept_ids, True, "accepted"), (reject_ids, False, "rejected")):
        if ids:
            asked = list(dict.fromkeys(ids))
            changes = decide_matches(db, asked, accept=accept, reviewer=reviewer)
            decided = set(asked) & {m for change in changes for m in change.matches}
            already = f" ({len(asked) - len(decided)} {done} already)" if len(decided) < len(asked) else ""
            note(f"{done} {len(decided)} suggestion(s){already}")
    if accept_ids or reject_ids:
        return
    rows = [s.to_record() for s in list_suggestions(db, limit=limit)]
    if fmt == "table":
        for r in rows:
            r["differ"] = ", ".join((r["only_a"] or []) + (r["only_b"] or []))
            r["shared"] = ", ".join(r["shared"] or [])
            if r["conflict"]:
                r["reason"] = "numbers disagree: " + "; ".join(f"{n.get('a')}≠{n.get('b')}" for n in r["numbers"])
        write_records(rows, "table", columns=["match_id", "score", "reason", "claim_a", "claim_b",
                                              "text_a", "text_b", "shared", "differ"],
                      title=f"{len(rows)} suggestion(s) pending")
    else:
        write_records(rows, fmt)


MAX_PAIRS_BYTES = 2**30


def _read_two_fields(path: str, keys: tuple[str, str], tsv_name: str) -> list[tuple[int, str, str]]:
    """(line number, first, second) of lines of `first<TAB>second`, or of JSON objects with
    `keys` (text, or a number); blank lines skipped, so a line's number names it in a message.

    A first TSV line whose first field is a column name (`id`, `tweet_id`, ...) is a header.
    """
    from claims.paths import read_regular_file, read_stdin

    try:
        data = read_stdin(MAX_PAIRS_BYTES) if path == "-" else read_regular_file(
            path, limit=MAX_PAIRS_BYTES, what="file of queries or pairs")
        if len(data) > MAX_PAIRS_BYTES:  # `< /dev/zero` was read until memory ran out
            raise ClaimsError(f"{path}: larger than 1 GB, not a file of queries or pairs")
        if kind := untrusted.wide_encoding(data[:512]):
            raise ClaimsError(f"{path}: {kind} text, not UTF-8; save it as UTF-8 and try again")
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ClaimsError(f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
                          "save it as UTF-8 and try again") from None
    except OSError as exc:
        raise ClaimsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    items = []
    for n, line in enumerate(untrusted.lines(raw), 1):
        if not line.strip():
            continue
        if "\x00" in line:  # refused by every other door; here it made a word no claim holds
            raise ClaimsError(f"{path}: line {n}: holds a NUL character; a binary file, not queries or pairs")
        if line.lstrip().startswith("{"):
            try:
                record = untrusted.json_loads(line, fields_once=True)  # `"text"` twice: not the last, unsaid
                values = (record[keys[0]], record[keys[1]])
            except json.JSONDecodeError as exc:
                if "named twice" not in exc.msg:
                    raise ClaimsError(f"{path}: line {n}: not a JSON object with {keys[0]} and {keys[1]}") from None
                raise ClaimsError(f"{path}: line {n}: {exc.msg}") from None
            except (KeyError, TypeError):
                raise ClaimsError(f"{path}: line {n}: not a JSON object with {keys[0]} and {keys[1]}") from None
            for key, value in zip(keys, values, strict=True):
                # str() made null "None" and a list its Python repr: a text nobody wrote
                if isinstance(value, bool) or not isinstance(value, str | int | float):
                    kind = {type(None): "null", list: "a list", dict: "an object", bool: "true or false"}
                    raise ClaimsError(f"{path}: line {n}: {key} is {kind.get(type(value), 'no text')}, not text")
            if any("\x00" in str(value) for value in values):
                raise ClaimsError(f"{path}: line {n}: holds a NUL character; a binary file, not queries or pairs")
            items.append((n, str(values[0]), str(values[1])))
            continue
        first, sep, second = line.partition("\t")
        if not sep:
            raise ClaimsError(f"{path}: line {n}: expected {tsv_name}")
        if "\t" in second:
            # a third column was read as part of the text: a file of qrels (`tweet-1<TAB>0<TAB>vclaim-x
            # <TAB>1`) or MRPC's five columns was searched or compared as garbage, status 0
            raise ClaimsError(f"{path}: line {n}: {line.count(chr(9)) + 1} tab-separated fields; expected "
                              f"{tsv_name} (two fields; a text holds no tab)")
        if n == 1 and first.strip().lower() in HEADER_NAMES:
            continue
        items.append((n, first, second))
    if not items:
        # an empty answer, status 0, was a script's "nothing found" for every query it meant to send
        what = "queries" if keys[0] == "id" else "pairs"
        raise ClaimsError(f"{'<stdin>' if path == '-' else path}: no {what} in it (empty, blank lines or "
                          f"a header only); nothing to {'search' if what == 'queries' else 'compare'}")
    return items


HEADER_NAMES = {"id", "tweet_id", "query_id", "text_a", "a"}


@click.command()
@click.argument("text", type=TEXT, required=False)
@click.option("--queries", type=PATH, metavar="FILE", help="Many queries: id<TAB>text TSV or JSONL (- for stdin).")
@click.option("--limit", type=POSITIVE_INT, default=10, show_default=True)
@format_option("table", "jsonl", default="table")
@pass_db
def search(db, text, queries, limit, fmt):
    """Rank stored claims by similarity to TEXT: have we checked this before?"""
    if bool(text) == bool(queries):
        raise ClaimsError("give either TEXT or --queries FILE")
    with db.session() as session:
        if StoreIndex(session).is_outdated():
            note("claims: warning: the search index was made by an older version and may miss "
                 "claims; `claims dupes --rebuild` remakes it")
        if text:
            hits = search_in_session(session, text, limit=limit)
            rows = [{"rank": i, "claim_id": h.claim_id, "external_id": h.external_id, "score": h.score,
                     "text": h.text} for i, h in enumerate(hits, 1)]
            write_records(rows, fmt, columns=["rank", "claim_id", "external_id", "score", "text"]
                          if fmt == "table" else None)
            return
        rows = []
        asked = _read_two_fields(queries, ("id", "text"), "id<TAB>text")
        for n, qid, qtext in asked:
            require_search_words(qtext, f"{queries}: line {n}: query {qid!r}: text")  # all, before any answer
        for _, qid, qtext in asked:
            for i, h in enumerate(search_in_session(session, qtext, limit=limit), 1):
                rows.append({"query_id": qid, "rank": i, "claim_id": h.claim_id,
                             "external_id": h.external_id, "score": h.score})
    write_records(rows, fmt, columns=["query_id", "rank", "claim_id", "external_id", "score"]
                  if fmt == "table" else None)


@click.command()
@click.argument("texts", nargs=-1, type=TEXT)
@click.option("--pairs", type=PATH, metavar="FILE", help="text_a<TAB>text_b lines or JSONL with a and b (- for stdin).")
@format_option("table", "jsonl", default="table")
def compare(texts, pairs, fmt):
    """Score two claims (or every pair in a file): duplicate, suggested, conflict or distinct."""
    if pairs and texts:
        raise ClaimsError("give either two texts or --pairs FILE")
    if not pairs and len(texts) != 2:
        raise ClaimsError("compare needs two texts (or --pairs FILE)")
    items = _read_two_fields(pairs, ("a", "b"), "text_a<TAB>text_b") if pairs else [(0, *texts)]
    settings = matching_settings()
    rows = []
    for n, a, b in items:
        for side, text in (("a", a), ("b", b)):
            require_words(text, f"{pairs}: line {n}: text {side}" if pairs else f"text {side}", "compare")
        r = compare_pair(a, b, settings)
        rows.append({"a": a, "b": b, "score": round(r.score, 2), "decision": r.decision, "reason": r.reason,
                     "scorer": r.scorer,
                     "shared": r.shared, "only_a": r.only_a, "only_b": r.only_b, "conflict": r.conflict})
    if fmt == "table":
        for r in rows:
            r["differ"] = ", ".join(r["only_a"] + r["only_b"])
            r["conflict"] = "; ".join(f"{n.get('a')}≠{n.get('b')}" for n in r["conflict"])
        write_records(rows, "table", columns=["score", "decision", "reason", "a", "b", "differ"])
    else:
        write_records(rows, fmt)


