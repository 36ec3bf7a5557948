"""What hostile pass 12 found and left (its log: tests/test_hostile_inputs_12.py), fixed after it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.models import Claim, Event
from tests.hostile import record_file, run


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_empty_reviewer_name_is_refused_as_a_blank_one_is(db, tmp_path, where):
    """`--reviewer ''` recorded the login name (root) without a word, where '   ' is refused."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    args = (["--reviewer", "", "set-status", "1"] if where == "before" else ["set-status", "--reviewer", "", "1"])
    result = run(db, *args, "--status", "in_review")
    assert result.exit_code == 1 and "--reviewer: is empty" in result.output, result.output
    assert "Traceback" not in result.output
    with db.session() as s:
        assert s.get(Claim, 1).status == "unverified"
        assert not s.exec(select(Event).where(Event.action == "set-status")).first()


def test_a_long_chain_of_redirects_is_not_called_a_loop(web):
    """40 redirects, each to a new page, were refused as 'the site redirects in a loop'."""
    from claims.web.fetch import FetchError, fetch_url
    from claims.web.limits import FetchLimits

    for i in range(40):
        web.add(f"/hop{i}", status=302, headers={"Location": f"/hop{i + 1}"})
    with pytest.raises(FetchError) as info:
        fetch_url(web.url("/hop0"), limits=FetchLimits(max_redirects=5, read_timeout=5))
    assert "too many redirects (more than 5)" in str(info.value)
    assert "in a loop or through a longer chain than claims follows" in str(info.value)


def test_a_pages_title_too_long_to_store_is_left_out_with_a_warning(db, tmp_path):
    """A 10,000-character <title> was stored cut to 1,000 without a word (a header's title that
    long is left out with a warning, as the README says of both); the site name likewise."""
    from claims.models import Article

    page = tmp_path / "long.html"
    body = "<p>The mayor said the city budget rose by 12 percent last year, the council report shows.</p>" * 3
    page.write_text(f"<html><head><title>{'Budget ' * 1500}</title>"
                    f'<meta property="og:site_name" content="{"Gazette " * 100}"></head>'
                    f"<body><article>{body}</article></body></html>", encoding="utf-8")
    result = run(db, "ingest", str(page))
    assert result.exit_code == 0, result.output
    assert "its title is left out (10,000 characters; at most 1,000)" in result.output, result.output
    assert "its outlet is left out" in result.output, result.output
    with db.session() as s:
        article = s.exec(select(Article)).one()
        assert not (article.title or "").startswith("Budget Budget")  # not the cut title


def test_a_statement_of_figures_alone_loses_no_other_claim_of_its_article(db, tmp_path):
    """'The mayor said 12 000 000 €.' (no letter in the statement) raised inside the fragment
    rule once it judged other scripts (79c25fb), and extraction, which gives nothing rather
    than crash, gave nothing for the whole article: 0 claims stored where 2 had been."""
    from claims.extraction.fragments import is_fragment

    assert is_fragment("12 000 000 €", quoted=False) and is_fragment("12,000 → 15,000", quoted=True)
    article = tmp_path / "t.txt"
    article.write_text("The mayor said the levee budget rose by 12 percent last year.\n\n"
                       "The mayor said 12 000 000 €.\n", encoding="utf-8")
    result = run(db, "ingest", str(article))
    assert result.exit_code == 0 and "1 article: 2 claims" in result.output, result.output  # as before 79c25fb


@pytest.mark.parametrize(("text", "kind"), [("Taxes — up 5%.", "not_a_claim"), ("Was it 5%?»", "not_a_claim"),
                                            ("Безработица снизилась на пять процентов в этом году.", "other")])
def test_english_text_with_a_sign_of_another_script_keeps_its_claim_type(text, kind):
    """Words are counted in any script since 79c25fb, but English with a dash or a guillemet
    was counted the other way too: 'Taxes — up 5%.' (three words) became a quantity claim."""
    from claims.checkworthiness import claim_type

    assert claim_type(text) == kind


def test_an_outlet_written_with_a_unicode_hyphen_is_found_as_typed(db, tmp_path):
    """`--outlet "Nord-Ouest Times"` found nothing stored as 'Nord‑Ouest Times' (U+2011), though
    --search and --speaker find such words since 6606554."""
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the levee budget rose by 12 percent last year.\n", encoding="utf-8")
    assert run(db, "ingest", str(article), "--outlet", "Nord\u2011Ouest Times").exit_code == 0
    for typed in ("Nord-Ouest Times", "nord\u2011ouest times"):
        listed = run(db, "list", "--outlet", typed, "--format", "csv")
        assert listed.exit_code == 0 and "levee budget" in listed.output, (typed, listed.output)


@pytest.mark.parametrize(("text", "kind"), [
    ("Είναι αλήθεια ότι η ανεργία μειώθηκε φέτος;", "not_a_claim"),  # Greek asks with ';'
    ("Η ανεργία μειώθηκε κατά πέντε τοις εκατό φέτος.", "other"),
    ("The council approved three projects; the mayor vetoed two;", "quantity"),  # English ';' is no question
])
def test_a_greek_question_is_no_claim(text, kind):
    from claims.checkworthiness import claim_type

    assert claim_type(text) == kind


def test_a_transcript_label_in_full_width_or_with_a_zero_width_space_is_the_same_speaker():
    """'JONES\\u200b:' was no label (its line went to the speaker before, 'JONES:' in its text)
    and 'ＪＯＮＥＳ：' made a speaker 'Ｊｏｎｅｓ' apart from 'Jones'."""
    from claims.transcripts import extract_transcript

    text = ("SMITH: That is not true at all, I think.\n"
            "ＪＯＮＥＳ：The deficit fell by 3 percent this year.\n"
            "JONES\u200b: Unemployment is at 4 percent now.\n"
            "JONES: The budget rose by 12 percent last year.\n")
    said = [(c.speaker, c.text) for c in extract_transcript(text)]
    assert [who for who, _ in said] == ["Smith", "Jones", "Jones", "Jones"], said
    assert not any("JONES" in what for _, what in said)
