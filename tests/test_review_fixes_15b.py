"""Fixes of what the second review found in this session's commits (issue 15)."""

from __future__ import annotations

import sys

import rich

from claims import cell_widths


def test_a_rich_without_its_private_width_table_measures_as_it_does(monkeypatch):
    """c0365e2 reads `rich._unicode_data`, which Rich has only since 14.3 (pyproject allows
    older): with Rich 14.2 every table and the desk ended in an ImportError traceback."""
    monkeypatch.setattr(cell_widths, "_done", False)
    monkeypatch.delattr(rich, "_unicode_data", raising=False)
    monkeypatch.setitem(sys.modules, "rich._unicode_data", None)  # import of it: ImportError
    cell_widths.count_spacing_marks()
    assert cell_widths._done


def test_the_desk_opened_by_claims_alone_checks_its_reviewer_as_every_command_does(monkeypatch, tmp_path):
    """b8a434d made '--reviewer ana\\u200b' the reviewer 'ana' (a name pasted from a chat),
    but `claims` alone opened the desk as 'ana\\u200b' (its options' checks never ran), and a
    claim taken there could not be released from the CLI; a reviewer with a direction
    override, refused by every command, opened the desk."""
    from click.testing import CliRunner

    import tui.app
    from tui.entry import cli

    seen: list[str] = []
    monkeypatch.setattr(tui.app.ClaimsApp, "run", lambda self, *a, **k: seen.append(self.reviewer))
    monkeypatch.setattr("tui.entry.reads_a_terminal", lambda: True)  # CliRunner's input is none
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "--reviewer", "ana\u200b"]).exit_code == 0
    assert runner.invoke(cli, ["--db", db], env={"CLAIMS_REVIEWER": "bo\u200b"}).exit_code == 0
    assert seen == ["ana", "bo"]
    refused = runner.invoke(cli, ["--db", db, "--reviewer", "a\u202eb"])
    assert refused.exit_code != 0 and "--reviewer" in refused.output and seen == ["ana", "bo"]


def test_narration_before_a_colon_in_a_script_without_capitals_names_no_speaker():
    """bc070d3 read labels written with combining marks ('मंत्री:'), and with them Hindi and
    Bengali narration before a colon: 'प्रधानमंत्री ने कहा:' ("the prime minister said:"),
    'তিনি বলেন:' ("he said:") became speakers, as Arabic 'قال الوزير:' did before."""
    from claims.transcripts import extract_transcript

    text = ("मंत्री: इस वर्ष बजट में नौ प्रतिशत की वृद्धि हुई और यह चार अरब रुपये तक पहुँच गया।\n"
            "प्रधानमंत्री ने कहा: बेरोजगारी पिछले साल पाँच प्रतिशत तक गिर गई थी और यह अच्छा है।\n"
            "তিনি বলেন: গত বছর বেকারত্ব পাঁচ শতাংশে নেমে এসেছে এবং এটি একটি রেকর্ড।\n"
            "قال الوزير: ارتفعت الميزانية بنسبة تسعة في المئة هذا العام إلى أربعة مليارات.\n"
            "他说：今年预算增长了百分之九，达到四十亿元。\n")
    speakers = [c.speaker for c in extract_transcript(text)]
    assert speakers[0] == "मंत्री"
    assert not {"प्रधानमंत्री ने कहा", "তিনি বলেন", "قال الوزير", "他说"} & set(speakers), speakers
