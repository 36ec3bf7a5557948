"""Article cleaning: debris and the dateline go, the outlet is read, offsets stay honest."""

from __future__ import annotations

import pytest

from claims.cleaning import clean_article, is_debris_line

RAW = """[ad_1]
CNN
—
President Biden spoke to the prime minister late Saturday.
Israeli Prime Minister’s Office
The distributed photo, released early Sunday local time, shows the two leaders.
Kirby said the   defence worked.\r
This article and headline have been updated with additional reporting.
CNN’s Jane Doe and John Roe contributed to this report.
[ad_2]
Source link"""


def test_clean_article_removes_debris_and_reads_the_outlet():
    cleaned = clean_article(RAW)
    assert cleaned.outlet == "CNN"
    assert cleaned.text == (
        "President Biden spoke to the prime minister late Saturday.\n\n"
        "Kirby said the defence worked."
    )


@pytest.mark.parametrize(
    ("raw", "outlet", "text"),
    [
        ("WASHINGTON (Reuters) — The talks failed, officials said.", "Reuters",
         "The talks failed, officials said."),
        ("(CNN) — The talks failed.", "CNN", "The talks failed."),
        ("NEW YORK (AP) - The talks failed.", "AP", "The talks failed."),
        ("The talks failed.", None, "The talks failed."),
    ],
)  # fmt: skip
def test_dateline_prefix(raw, outlet, text):
    cleaned = clean_article(raw)
    assert (cleaned.outlet, cleaned.text) == (outlet, text)


def test_hard_wrapped_paragraphs_are_joined():
    raw = "First line of a paragraph\ncontinues here.\n\nSecond paragraph."
    assert (
        clean_article(raw).text == "First line of a paragraph continues here.\n\nSecond paragraph."
    )


@pytest.mark.parametrize(
    "line",
    ["[ad_1]", "Source link", "Read the rest here.", "Read more", "Advertisement",
     "Reuters’ Ann Lee contributed reporting.", "(AP Photo/Evan Vucci)"],
)  # fmt: skip
def test_debris_lines(line):
    assert is_debris_line(line)


@pytest.mark.parametrize(
    "line",
    ["Kirby said the defence worked.", "The source of the leak is unknown, officials said."],
)
def test_ordinary_lines_are_not_debris(line):
    assert not is_debris_line(line)


def test_empty_and_odd_input():
    assert clean_article("").text == ""
    assert clean_article("\x00\x01 text \u200b here\t").text == "text here"
