"""Each attribution form news uses yields the statement, its speaker and its cue."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims
from claims.extraction.extractor import candidates

PUB = dt.date(2024, 4, 14)


def one(text: str):
    claims = extract_claims(text, published=PUB)
    assert len(claims) == 1, [c.quote for c in claims]
    c = claims[0]
    assert text[c.start : c.end] == c.quote
    return c


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # direct quote, cue after
        ("“This was an incredible success for the alliance,” Kirby told CNN.",
         "“This was an incredible success for the alliance,”", "Kirby", "told"),
        # straight quotes, inverted cue
        ('"We will not retreat from the city," said the general.',
         '"We will not retreat from the city,"', "general", "said"),
        # cue before with a colon
        ("Kirby said: “The defence worked as planned and nobody was hurt.”",
         "“The defence worked as planned and nobody was hurt.”", "Kirby", "said"),
        # reported speech, with and without "that"
        ("The minister warned that prices would rise by 10% next year.",
         "prices would rise by 10% next year", "minister", "warned"),
        ("Officials stressed the decision rests with Israel alone.",
         "the decision rests with Israel alone", "Officials", "stressed"),
        ("The ministry claimed 200 drones were shot down.",
         "200 drones were shot down", "ministry", "claimed"),
        ("The United States assessed that there was no significant damage.",
         "there was no significant damage", "United States", "assessed"),
        # listener between cue and statement
        ("Kirby told reporters that the US would not join any offensive.",
         "the US would not join any offensive", "Kirby", "told"),
        # and a statement after the listener with no "that", opened by a possessive or a figure
        ("The mayor told the crowd his plan would create 4,000 jobs by next spring.",
         "his plan would create 4,000 jobs by next spring", "mayor", "told"),
        ("The governor told reporters 40 people had died in the flooding.",
         "40 people had died in the flooding", "governor", "told"),
        # according to, before and after
        ("According to the ministry, 200 drones were launched overnight.",
         "200 drones were launched overnight", "ministry", "According to"),
        ("More than 300 drones were launched, according to Israeli officials.",
         "More than 300 drones were launched", "Israeli officials", "according to"),
        # statement first, speaker after
        ("The strike killed two generals, a senior official said.",
         "The strike killed two generals", "senior official", "said"),
        # appositives with commas and dashes
        ("Hossein Salami, commander of the Guard, said a new equation had been created.",
         "a new equation had been created", "Hossein Salami", "said"),
        ("The senator — a longtime critic of the deal — said the plan would cost $4 billion.",
         "the plan would cost $4 billion", "senator", "said"),
        # passive cues
        ("Smith was quoted as saying the company would close three plants.",
         "the company would close three plants", "Smith", "was quoted as saying"),
        # statements of organisations
        ("“Iran is taking a further step towards escalation,” the G7 statement said.",
         "“Iran is taking a further step towards escalation,”", "G7", "said"),
    ],
)  # fmt: skip
def test_attribution_form(text, quote, speaker, cue):
    c = one(text)
    assert c.quote == quote
    assert c.speaker == speaker
    assert c.cue == cue


def test_passive_without_speaker():
    c = one("It was reported that the embassy had been evacuated.")
    assert c.quote == "the embassy had been evacuated"
    assert c.speaker is None


def test_partial_quote_inside_reported_speech():
    c = one("Kirby said the defence showed Israel’s “military superiority” over Iran.")
    assert c.quote == "the defence showed Israel’s “military superiority” over Iran"


def test_split_quote_continues_with_same_speaker():
    text = "John Kirby spoke. “The attack failed completely,” Kirby said. “Iran has lost face.”"
    claims = extract_claims(text, published=PUB)
    assert [c.quote for c in claims] == ["“The attack failed completely,”", "“Iran has lost face.”"]
    assert {c.speaker for c in claims} == {"John Kirby"}


def test_quote_across_paragraphs():
    text = (
        "“The first part of the quote runs on.\n“And the second paragraph ends it,” the mayor said."
    )
    c = one(text)
    assert c.start == 0 and c.quote.endswith("ends it,”")
    assert c.speaker == "mayor"


def test_coordinated_cue_keeps_the_speaker():
    text = "Hossein Salami said a new equation had been created and warned that Iran would respond."
    claims = extract_claims(text, published=PUB)
    assert [c.quote for c in claims] == ["a new equation had been created", "Iran would respond"]
    assert {c.speaker for c in claims} == {"Hossein Salami"}


def test_statement_text_drops_enclosing_quotes_and_that():
    c = one("“The defence held,” Kirby said.")
    assert c.text == "The defence held"
    c = one("Kirby said that the defence held firm.")
    assert c.text == "the defence held firm"


def test_sentences_without_attribution_yield_nothing():
    assert extract_claims("The weather was fine. Markets rose 2% on Monday.", published=PUB) == []


@pytest.mark.parametrize(
    "debris",
    [
        "[ad_1]",
        "Source link",
        "Read the rest here.",
        "CNN’s Jane Doe contributed to this report.",
        "This article and headline have been updated with additional reporting.",
        "CNN\n—",
        "The distributed photo, released early Sunday, shows the minister speaking, officials said.",
    ],
)
def test_debris_yields_no_claims(debris):
    assert extract_claims(debris, published=PUB) == []


def test_claims_are_sorted_by_start():
    text = (
        "The ministry said 200 drones were launched. "
        "“We shot most of them down,” the army said. "
        "Prices will rise, economists warned."
    )
    starts = [c.start for c in extract_claims(text, published=PUB)]
    assert starts == sorted(starts) and len(starts) == 3


def test_object_of_a_stance_verb_is_the_statement():
    c = one("The senator called for an independent inquiry into the deal.")
    assert c.quote == "for an independent inquiry into the deal"
    assert c.speaker == "senator" and c.cue == "called"


@pytest.mark.parametrize(
    "text",
    [
        "Editor’s note: the piece was corrected on Monday.",
        "The former secretary of state met the press.",
        "Police saw the tweet and removed the aide.",
        "Response options are expected to be discussed at the cabinet.",
    ],
)
def test_cue_words_used_as_nouns_or_passives_are_not_cues(text):
    assert extract_claims(text, published=PUB) == []


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # content first, then a cue with its frame to the end of the sentence
        (
            "Monsoon shifts could affect a billion people, Mr. Obama said in his interview.",
            "Monsoon shifts could affect a billion people",
            "Obama",
            "said",
        ),
        (
            "Trump could embrace clean energy as president, Sen. Lindsey Graham told The Huffington Post on Thursday.",
            "Trump could embrace clean energy as president",
            "Lindsey Graham",
            "told",
        ),
        (
            "The campaign will release more medical records soon, a spokesman announced Monday morning.",
            "The campaign will release more medical records soon",
            "spokesman",
            "announced",
        ),
        # inverted cue with an appositive after the speaker
        (
            "The officials could pressure the lenders to pay for the work, said Mr. Barrett, the lawyer for the state.",
            "The officials could pressure the lenders to pay for the work",
            "Barrett",
            "said",
        ),
        (
            "The meeting went badly from there, said one GOP source in the room.",
            "The meeting went badly from there",
            "GOP source in the room",
            "said",
        ),
        # "that," and a comma-interjected clause
        (
            "The mayor said that, if elected, she would leave the decisions to the generals.",
            "if elected, she would leave the decisions to the generals",
            "mayor",
            "said",
        ),
        # a listener with a quoted show title
        (
            'Sanders told MSNBC\'s "Morning Joe" that nobody would question her intelligence.',
            "nobody would question her intelligence",
            "Sanders",
            "told",
        ),
        # a clause before a mid-sentence cue is the adverbial, not the statement
        (
            "During his years in office, Mr. Obama said, a majority of Americans came to believe him.",
            "a majority of Americans came to believe him",
            "Obama",
            "said",
        ),
        # mixed quote marks, straight open and curly close
        (
            '"Oz has a huge bully pulpit behind him,” said David Gorski, a professor of surgery.',
            '"Oz has a huge bully pulpit behind him,”',
            "David Gorski",
            "said",
        ),
    ],
)
def test_more_attribution_forms(text, quote, speaker, cue):
    c = one(text)
    assert (c.quote, c.speaker, c.cue) == (quote, speaker, cue)


def test_cue_inside_the_statement_is_left_out_of_its_text():
    c = one("The museum, Mr. Obama said, would make visitors face uncomfortable truths.")
    assert c.quote == "The museum, Mr. Obama said, would make visitors face uncomfortable truths"
    assert c.text == "The museum would make visitors face uncomfortable truths"
    assert (c.speaker, c.cue) == ("Obama", "said")


def test_a_cue_after_a_closed_quote_that_opens_another_belongs_to_the_second():
    text = (
        "She says the “system is rigged against them.” She adds, “What kind of genius "
        "loses a billion dollars in a single year?”"
    )
    claims = extract_claims(text, published=PUB)
    adds = [c for c in claims if c.cue == "adds"]
    assert [c.quote for c in adds] == [
        "“What kind of genius loses a billion dollars in a single year?”"
    ]


def test_a_quoted_title_is_not_a_statement():
    text = (
        "On the broadcast of “Fox News Sunday,” Gov. Mike Pence said the tweet was meant "
        "only to mock the rival campaign."
    )
    (c,) = extract_claims(text, published=PUB)
    assert c.quote == "the tweet was meant only to mock the rival campaign"
    assert c.speaker == "Mike Pence"


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        (
            "Obama Says New Museum Will Tell of Suffering and Delight.",
            "New Museum Will Tell of Suffering and Delight",
            "Obama",
            "Says",
        ),
        (
            "Trump Could Address Clean Energy, Lindsey Graham Says.",
            "Trump Could Address Clean Energy",
            "Lindsey Graham",
            "Says",
        ),
        (
            "Maher Tells Guest Muslim Violence Is Beyond Compare.",
            "Muslim Violence Is Beyond Compare",
            "Maher",
            "Tells",
        ),
    ],
)
def test_title_case_headlines(text, quote, speaker, cue):
    c = one(text)
    assert (c.quote, c.speaker, c.cue) == (quote, speaker, cue)


def test_noun_like_cue_before_a_pronoun_clause_is_a_verb():
    c = one("Trump claims he's worth $10 billion.")
    assert (c.quote, c.speaker, c.cue) == ("he's worth $10 billion", "Trump", "claims")


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # a relative pronoun or "many of whom" before the cue
        (
            "Sharpton took calls from listeners who said they had misgivings about the nominee.",
            "they had misgivings about the nominee",
            "listeners",
            "said",
        ),
        (
            "The families, many of whom say the veto was a betrayal, will gather on Friday.",
            "the veto was a betrayal",
            "families",
            "say",
        ),
        # appositives after a parenthesis, or ending in a quoted comma
        (
            "Rep. Gregory W. Meeks (D-N.Y.), chairman of the caucus PAC, said members will help.",
            "members will help",
            "Gregory W. Meeks",
            "said",
        ),
        (
            "Humphrey, who calls Trump a “sociopath,” said he doubts the effort will fail.",
            "he doubts the effort will fail",
            "Humphrey",
            "said",
        ),
        # a contraction is not a possessive
        (
            "He’s claiming that voting fraud is a big problem in this country.",
            "voting fraud is a big problem in this country",
            None,
            "claiming",
        ),
        # a verb after the inverted cue means the speaker came first
        (
            "Erin Murphy, a former aide who went to Burma, said the trip was more important than hers.",
            "the trip was more important than hers",
            "Erin Murphy",
            "said",
        ),
        # a label and its statement; a quotation signed after a dash
        (
            "Poll: Clinton and Trump in dead heat heading into first debate.",
            "Clinton and Trump in dead heat heading into first debate",
            "Poll",
            ":",
        ),
        (
            "Clinton to Planned Parenthood: Trump will reverse Roe v. Wade.",
            "Trump will reverse Roe v. Wade",
            "Clinton",
            ":",
        ),
        (
            "“Maybe we can build a wall around Donald Trump.” ― Steve Quinlan.",
            "“Maybe we can build a wall around Donald Trump.”",
            "Steve Quinlan",
            "―",
        ),
    ],
)
def test_relative_appositive_and_label_forms(text, quote, speaker, cue):
    c = one(text)
    assert (c.quote, c.speaker, c.cue) == (quote, speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "Editor’s note: This story was updated with the final results.",
        "The Latest: Cruz to give away an engraved shotgun.",
        "Related: The five things to know about the debate tonight.",
    ],
)
def test_labels_that_are_not_speakers(text):
    assert extract_claims(text, published=PUB) == []


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        (
            "The senator plans to introduce a bill on campaign finance next week.",
            "to introduce a bill on campaign finance next week",
            "senator",
            "plans",
        ),
        (
            "Trump refused to release his tax returns, citing an audit.",
            "to release his tax returns",
            "Trump",
            "refused",
        ),
    ],
)
def test_intentions_are_statements(text, quote, speaker, cue):
    c = one(text)
    assert (c.quote, c.speaker, c.cue) == (quote, speaker, cue)


def test_first_person_intentions_are_not_claims():
    assert extract_claims("I want to thank all of you for coming tonight.", published=PUB) == []
    assert extract_claims("The plan to raise taxes on the wealthy failed.", published=PUB) == []


@pytest.mark.parametrize(
    ("text", "quote", "cue"),
    [
        (
            "Dean appeared on MSNBC and began by saying he would never diagnose anyone on television.",
            "he would never diagnose anyone on television",
            "saying",
        ),
        (
            "Contrary to his claim that people would learn nothing, the returns would tell a lot.",
            "people would learn nothing",
            "claim",
        ),
        (
            "Politifact seized on Trump’s claim that there were thousands of shootings in Chicago.",
            "there were thousands of shootings in Chicago",
            "claim",
        ),
    ],
)
def test_participles_and_claim_nouns(text, quote, cue):
    c = one(text)
    assert (c.quote, c.cue) == (quote, cue)


def test_a_question_asked_frames_the_answer():
    text = (
        "Asked whether the city should have a vote in the House, he said: “I think that "
        "would be okay.”"
    )
    claims = extract_claims(text, published=PUB)
    assert [c.quote for c in claims] == [
        "whether the city should have a vote in the House",
        "“I think that would be okay.”",
    ]
    text = "After saying her right foot was swollen, she was taken to the hospital."
    (c,) = extract_claims(text, published=PUB)
    assert (c.quote, c.cue, c.speaker_start) == ("her right foot was swollen", "saying", 41)


def test_a_cue_after_to_and_an_aside_before_that():
    c = one(
        "The nominee continues to insist, most recently in an interview with ABC News, that he "
        "wants to release his taxes."
    )
    assert (c.quote, c.speaker, c.cue) == ("he wants to release his taxes", "nominee", "insist")


def test_role_and_name_before_the_cue_are_the_speaker_not_a_statement():
    text = (
        "A state hydrologist, Priya Natarajan, said the river peaked at 7.4 metres on Friday, "
        "the highest level recorded since 1987."
    )
    [claim] = extract_claims(text)
    assert claim.text.startswith("the river peaked at 7.4 metres")
    assert (claim.speaker, claim.speaker_role) == ("Priya Natarajan", "state hydrologist")


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # a paragraph ending "He added:" introduces the next paragraph, quoted or not
        ("Limbaugh added:\n\nFrom a front-runner, this reeks of fear. She can’t win it fairly.",
         "From a front-runner, this reeks of fear. She can’t win it fairly", "Limbaugh", "added"),
        ('Mr. Trump said:\n\n"We have to bring back law and order to our cities."',
         '"We have to bring back law and order to our cities."', "Trump", "said"),
        # an inverted cue before a quotation
        ("Said Ellis: “I don’t get the sense she is interested in tax reform.”",
         "“I don’t get the sense she is interested in tax reform.”", "Ellis", "Said"),
        # a participle clause before the subject
        ("Claiming the criticism is designed to pressure moderators, Trump left the stage.",
         "the criticism is designed to pressure moderators", "Trump", "Claiming"),
        # a determiner's noun phrase right before the cue is the speaker
        ("Still, the fund warned that the exit will raise many questions in the coming years.",
         "the exit will raise many questions in the coming years", "fund", "warned"),
    ],
)  # fmt: skip
def test_lead_ins_across_paragraphs_and_inverted_cues(text, quote, speaker, cue):
    c = one(text)
    assert (c.quote, c.cue) == (quote, cue)
    assert speaker in (c.speaker or "")


def test_a_relative_clause_before_said_that_is_not_an_inverted_speaker():
    text = (
        "Dr. Connie Mariano, who was the White House physician, said that in 1998, Clinton "
        "allowed her staff to think the injury was a pulled muscle."
    )
    c = one(text)
    assert c.speaker == "Connie Mariano"
    assert c.quote.startswith("in 1998, Clinton allowed")


def test_a_superlative_before_a_cue_word_makes_it_a_noun():
    text = "This reeks of the greatest fear that I have ever seen in a campaign."
    assert extract_claims(text, published=PUB) == []


def test_but_has_said_keeps_the_subject_and_ends_the_clause_before():
    text = "Clinton has urged allies to spend more but has said she will hold firm to the treaty."
    claims = extract_claims(text, published=PUB)
    assert [(c.quote, c.speaker, c.cue) for c in claims] == [
        ("allies to spend more", "Clinton", "urged"),
        ("she will hold firm to the treaty", "Clinton", "said"),
    ]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The fund announced Tuesday that it is lowering its forecast for growth this year, "
         "and the downgrade is casting a shadow on the outlook.",
         "it is lowering its forecast for growth this year"),
        ("He claimed paying no income taxes was smart, although he again refused to say more.",
         "paying no income taxes was smart"),
    ],
)  # fmt: skip
def test_a_statement_ends_where_the_writer_takes_over(text, quote):
    assert quote in [c.quote for c in extract_claims(text, published=PUB)]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("“The president’s rationales don’t hold weight. They are wrong,” said 9/11 widow "
         "Terry Strada.", "“The president’s rationales don’t hold weight. They are wrong,”",
         "Terry Strada"),
        ("Dr. Connie Mariano, who as a Navy captain was the White House physician in the "
         "administration of former President Bill Clinton and later retired from the service "
         "as a rear admiral, said that in 1998, Clinton hid a blood clot from the public.",
         "in 1998, Clinton hid a blood clot from the public", "Connie Mariano"),
    ],
)  # fmt: skip
def test_long_appositives_and_numbers_in_speaker_names(text, quote, speaker):
    c = one(text)
    assert (c.quote, c.speaker) == (quote, speaker)


def test_a_participle_clause_may_end_inside_its_quotation():
    text = "After saying her foot was “so swollen I could barely get my shoe on,” she left early."
    c = one(text)
    assert c.quote == "her foot was “so swollen I could barely get my shoe on,”"


def test_an_initialism_before_a_pronoun_ends_the_sentence():
    text = "Obama is failing to stop attacks in the U.S. He says Americans need no more lectures."
    c = one(text)
    assert (c.quote, c.cue) == ("Americans need no more lectures", "says")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # a non-breaking space between the quote and the speaker
        ("“Like Oakland. Or Ferguson,”\xa0Trump said.", "“Like Oakland. Or Ferguson,”", "Trump"),
        # a party tag and the setting between the speaker and the sentence's end
        ("“I don’t know what it’s going to take,” said Senate Minority Whip Dick Durbin (D-Ill.) "
         "in an interview.", "“I don’t know what it’s going to take,”", "Dick Durbin"),
        # "But, said X, “…”"
        ('But, said Solovey, "I do not want to drum up conflict with him."',
         '"I do not want to drum up conflict with him."', "Solovey"),
    ],
)  # fmt: skip
def test_quotes_with_cue_and_speaker_around_them(text, quote, speaker):
    c = one(text)
    assert (c.quote, c.speaker) == (quote, speaker)


def test_a_two_word_reply_is_kept_and_a_quote_continues_across_its_own_sentences():
    text = (
        "“It’s fine,” Trump said of waterboarding. “And much tougher than that is fine. "
        "We can’t be soft.”"
    )
    got = extract_claims(text, published=PUB)
    assert [(c.quote, c.speaker) for c in got] == [
        ("“It’s fine,”", "Trump"),
        ("“And much tougher than that is fine. We can’t be soft.”", "Trump"),
    ]


def test_an_opening_mark_typed_as_the_closing_one():
    text = "“It's unusual,“ said Larry Noble, an attorney. “It's a hard thing to pull off.”"
    got = extract_claims(text, published=PUB)
    assert [c.quote for c in got] == ["“It's unusual,“", "“It's a hard thing to pull off.”"]
    assert {c.speaker for c in got} == {"Larry Noble"}
    assert got[0].text == "It's unusual"


@pytest.mark.parametrize(
    ("text", "statement", "speaker", "cue"),
    [
        ("Even the field's biggest hawks, like Rubio and Bush, say the bulk of ground troops "
         "should be Arab fighters.", "the bulk of ground troops should be Arab fighters",
         "hawks", "say"),
        ("Kasich offered the man a job as Secretary of Defense, then says he’ll welcome advice "
         "from anyone.", "he’ll welcome advice from anyone", "Kasich", "says"),
        ("This campaign, Kasich says, is different from the last one.",
         "This campaign is different from the last one", "Kasich", "says"),
        ("Paradis, who has been active in politics since the age of 25, says she identifies as "
         "an independent.", "she identifies as an independent", "Paradis", "says"),
    ],
)  # fmt: skip
def test_subjects_with_asides_and_statements_around_the_cue(text, statement, speaker, cue):
    c = one(text)
    assert (c.text, c.cue) == (statement, cue)
    assert speaker in (c.speaker or "")


def test_adding_after_a_comma_inside_the_closing_mark():
    text = 'He said the fears were "overblown," adding that Valeant had "significant upside."'
    got = extract_claims(text, published=PUB)
    assert [(c.quote, c.cue) for c in got] == [
        ('the fears were "overblown,"', "said"),
        ('Valeant had "significant upside."', "adding"),
    ]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("Mr. Manafort, citing ''the unique magic of Trump,'' said the candidate could win "
         "Pennsylvania.", "the candidate could win Pennsylvania", "Manafort"),
        ("But a source familiar with the investigation said the intruders were seeking "
         "economic intelligence.", "the intruders were seeking economic intelligence", "source"),
        ("Until the shutdown, most of them said they had loved working for Carrier.",
         "they had loved working for Carrier", "most of them"),
        ("“It’s going to be challenging to do it quickly,” said a longtime data expert who has "
         "worked for one of Trump's rivals.", "“It’s going to be challenging to do it quickly,”",
         "data expert"),
        ("Many black voters found the description offensive, journalist Martha Raddatz said in "
         "posing the question to Christie.", "Many black voters found the description offensive",
         "Martha Raddatz"),
        ("Defending that terrain is squarely within his wheelhouse, said a handful of Democrats "
         "who point to his ties to labor.", "Defending that terrain is squarely within his "
         "wheelhouse", "Democrats"),
        ('Htay Oo, its acting chairman, told the Reuters news agency simply, "We lost."',
         '"We lost."', "Htay Oo"),
        ("”This is why ISIS has to be destroyed. They are evil,” said John Krystek.",
         "”This is why ISIS has to be destroyed. They are evil,”", "John Krystek"),
        ('Trump\'s misinformation may be "strategic," said Jeffery Hemsley, a professor.',
         'Trump\'s misinformation may be "strategic,"', "Jeffery Hemsley"),
    ],
)  # fmt: skip
def test_speakers_with_relative_clauses_listeners_and_frames(text, quote, speaker):
    c = one(text)
    assert c.quote == quote
    assert speaker in (c.speaker or "")


@pytest.mark.parametrize(
    ("text", "statement", "speaker"),
    [
        ("Fundraising, according to the campaign, has surged in the same period.",
         "Fundraising has surged in the same period", "campaign"),
        ("But according to reports in the news media, he could not convince the family.",
         "he could not convince the family", "reports in the news media"),
        ("Her husband was free and would soon be coming home, the president told her.",
         "Her husband was free and would soon be coming home", "president"),
        ("While Brookover gave no detail, Rep. Chris Collins, R-NY, says participants outlined "
         "a scenario in which Trump receives 1,265 delegates.",
         "participants outlined a scenario in which Trump receives 1,265 delegates",
         "Chris Collins"),
    ],
)  # fmt: skip
def test_according_to_inside_a_sentence_and_told_with_a_pronoun(text, statement, speaker):
    c = one(text)
    assert (c.text, c.speaker) == (statement, speaker)


def test_a_long_clause_before_according_to_is_a_statement_of_its_own():
    text = (
        "The top 1 percent would see their incomes rise by 19.9 percent, according to the Tax "
        "Foundation, more than twice what it projected for the middle."
    )
    c = one(text)
    assert c.text == "The top 1 percent would see their incomes rise by 19.9 percent"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Asked by Starnes if he believed the situation was as grave as Benghazi, Carson said "
         "that he did not.", "if he believed the situation was as grave as Benghazi"),
        ("Asked in Iowa recently whether he would support Donald Trump, Rubio gave a vague "
         "answer.", "whether he would support Donald Trump"),
        ("“Everything but Hillary Clinton,” Le Pen told CNN when asked which U.S. candidate she "
         "would back.", "which U.S. candidate she would back"),
    ],
)  # fmt: skip
def test_the_question_put_to_a_speaker(text, question):
    # what the rules find: a question is no statement, and the keep model may drop it
    _, atts, _ = candidates(text, PUB)
    asked = [a for a in atts if text[a.cue_start : a.cue_end].lower() == "asked"]
    assert question in [text[a.content_start : a.content_end] for a in asked]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("As reported by Western Journalism, investigators found over 2,200 emails containing "
         "classified information.", "investigators found over 2,200 emails containing classified "
         "information", "Western Journalism"),
        ("Still, people who have battled other online threats say it could be doing more.",
         "it could be doing more", "people"),
        ("Budget deficits will end this year, sooner than expected, the Congressional Budget "
         "Office reported on Tuesday -- a development that raises new questions.",
         "Budget deficits will end this year, sooner than expected", "Congressional Budget Office"),
    ],
)  # fmt: skip
def test_as_reported_by_relative_subjects_and_a_dash_aside_after_the_cue(text, quote, speaker):
    c = one(text)
    assert (c.quote, c.speaker) == (quote, speaker)


def test_a_name_ending_in_ly_is_not_an_adverb():
    text = '"Elections matter," Kelly said. "Look at the records of both candidates."'
    got = extract_claims(text, published=PUB)
    assert [(c.quote, c.speaker) for c in got] == [
        ('"Elections matter,"', "Kelly"),
        ('"Look at the records of both candidates."', "Kelly"),
    ]


def test_double_apostrophe_quotes_are_whole_and_end_sentences():
    text = (
        "The state cannot plan the economy as it once did, Mr. Lou said. ''So it's very hard "
        "to estimate,'' he said."
    )
    got = extract_claims(text, published=PUB)
    assert [c.quote for c in got] == [
        "The state cannot plan the economy as it once did",
        "''So it's very hard to estimate,''",
    ]
    assert got[1].text == "So it's very hard to estimate"


@pytest.mark.parametrize(
    ("text", "statement", "speaker"),
    [
        ("The contrast with Trump, said Doyle, would be clear since Trump has no allies there.",
         "The contrast with Trump would be clear since Trump has no allies there", "Doyle"),
        ("Any reading of the deal, said Michael Kofman, an expert on Russia, would see it as a "
         "retreat.", "Any reading of the deal would see it as a retreat", "Michael Kofman"),
        ("His chairman Paul Manafort said — on Twitter, as it happens — that Trump raised $4 "
         "million that day.", "Trump raised $4 million that day", "Paul Manafort"),
        ("While conservatives have doubts about Trump, many said Monday that the ruling makes "
         "the choice clear.", "the ruling makes the choice clear", "many"),
    ],
)  # fmt: skip
def test_inverted_cues_inside_a_sentence_dash_asides_and_quantifiers(text, statement, speaker):
    c = one(text)
    assert (c.text, c.speaker) == (statement, speaker)


def test_a_partial_quote_ending_its_sentence_belongs_to_the_whole_statement():
    text = 'Clinton, in the general election, would have to "go more to the center," Smith said.'
    c = one(text)
    assert c.quote == 'Clinton, in the general election, would have to "go more to the center,"'
    assert c.speaker == "Smith"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('Walking in to chants of "Marco! Marco!," the senator said his campaign here was '
         '"closing really strong."', 'his campaign here was "closing really strong."', "senator"),
        ("A U.S. law enforcement official familiar with the inquiry said that prosecuting anyone "
         "would be difficult.", "prosecuting anyone would be difficult", "official"),
        ("Sen. Jack Reed (D-R.I.), said after a lunch on Tuesday that he had not read the plan.",
         "he had not read the plan", "Jack Reed"),
        ("Clinton has a strong ground game in the state, said Mindy Romero, director of the "
         "Project at the University of California, Davis, Center for Regional Change.",
         "Clinton has a strong ground game in the state", "Mindy Romero"),
        ("Mr. Shays was pro John Kasich while the Ohio governor was in the running, Shays said "
         "Wednesday morning on MSNBC’s “Morning Joe.”",
         "Mr. Shays was pro John Kasich while the Ohio governor was in the running", "Shays"),
    ],
)  # fmt: skip
def test_chants_before_a_cue_long_roles_party_tags_and_shows(text, quote, speaker):
    c = one(text)
    assert c.quote == quote
    assert speaker in (c.speaker or "")


def test_a_quote_then_a_cue_and_its_frame_keeps_the_quote():
    for text in (
        "“We will win this,” he said the night before the vote.",
        "“We will win this,” he told the crowd in Des Moines.",
    ):
        assert one(text).quote == "“We will win this,”"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("While critics argue that trading prisoners encourages others to target Americans, "
         "President Obama has deemed certain releases a fair trade.",
         "trading prisoners encourages others to target Americans", "critics"),
        ("As Lynch has said she’ll accept the recommendation of the prosecutors, Republicans are "
         "still crying foul.", "she’ll accept the recommendation of the prosecutors", "Lynch"),
    ],
)  # fmt: skip
def test_a_statement_in_a_subordinate_clause_ends_where_the_main_clause_starts(
    text, quote, speaker
):
    c = one(text)
    assert (c.quote, c.speaker) == (quote, speaker)


def test_a_time_phrase_before_an_inserted_cue_is_not_part_of_the_statement():
    text = "Six months ago, the senator said, the media considered him a fringe candidate."
    c = one(text)
    assert c.quote == "the media considered him a fringe candidate"
    assert c.date_text == "Six months ago"


def test_a_show_title_after_told_and_a_possessive_listener():
    got = extract_claims(
        '"We have to really increase the bombings," the nominee told "Fox and Friends" after he '
        "was asked about the attack.",
        published=PUB,
    )
    assert [(c.quote, c.speaker, c.cue) for c in got if c.claim_type != "not_a_claim"] == [
        ('"We have to really increase the bombings,"', "nominee", "told"),
    ]  # the rules' "about the attack" (asked of him, by someone unnamed) is no claim
    c = one("This is not about me, President Obama told his closest advisers as he labored.")
    assert (c.quote, c.speaker) == ("This is not about me", "Obama")


def test_a_frame_after_a_closed_quote_and_a_place_with_a_participle_after_the_cue():
    c = one(
        '"Why would you cozy up to George W. Bush?" Lichtman said about McCain\'s effort to '
        "downplay his ties."
    )
    assert (c.quote, c.speaker) == ('"Why would you cozy up to George W. Bush?"', "Lichtman")
    got = extract_claims(
        "Trump’s “excesses” are sickening, Hollande said Tuesday in Paris, noting "
        "the nominee “makes you want to retch.”",
        published=PUB,
    )
    assert [(c.quote, c.cue) for c in got] == [
        ("Trump’s “excesses” are sickening", "said"),
        ("the nominee “makes you want to retch.”", "noting"),
    ]


def test_a_headline_glued_to_live_blog_debris_and_a_rival_as_speaker():
    c = one(
        "Ani Vrabel 5ptsmoderatorFeaturedFebruary 6, 2016 9:12PMTrump Says His Plan Will Not "
        "Allow People To Die On The Street"
    )
    assert (c.speaker, c.quote) == ("Trump", "His Plan Will Not Allow People To Die On The Street")
    c = one("Sanders will back Clinton, eventually, former rival says.")
    assert (c.speaker, c.quote) == ("former rival", "Sanders will back Clinton, eventually")


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # "As X reported, …": the source's statement runs to the end, past its commas
        ("As the Harbour Courier reported, even after the vote, the council was still "
         "paying for the old depot.",
         "even after the vote, the council was still paying for the old depot", "Courier",
         "reported"),
        # "…, as X reported": the clause before it
        ("The mayor met the two bidders in private, as the Courier reported on Tuesday, and "
         "the talks went on for hours.",
         "The mayor met the two bidders in private", "Courier", "reported"),
        # a noun-like cue ending the sentence after a named source
        ("The depot will close in June, the Harbour Courier reports.",
         "The depot will close in June", "Courier", "reports"),
    ],
)  # fmt: skip
def test_as_reported_and_sentence_final_forms(text, quote, speaker, cue):
    c = one(text)
    assert c.quote == quote
    assert c.cue == cue
    assert speaker in (c.speaker or "")


@pytest.mark.parametrize(
    "text",
    [
        "Okafor has won 270 pledged delegates in the primaries so far.",
        "Fifteen states have held their primaries and 20 states vote next month.",
        "Barden now helps run a program called Safe Streets Together in the valley.",
    ],
)
def test_cue_forms_that_name_or_count_are_not_cues(text):
    assert extract_claims(text, published=PUB) == []


@pytest.mark.parametrize(
    ("text", "statement", "speaker"),
    [
        # "told" with its listener as an aside inside the statement
        ("The solution, the partner told them, was simple.", "The solution was simple",
         "partner"),
        ("The levy, the mayor told the council on Monday, will pay for the flood walls.",
         "The levy will pay for the flood walls", "mayor"),
        # an aside between the listener and "that"
        ("Mr. Smith told reporters, after the meeting, that the deal was dead.",
         "the deal was dead", "Smith"),
        ("The council leader told residents, at a packed town hall on Monday, that the levy "
         "would rise.", "the levy would rise", "council leader"),
    ],
)  # fmt: skip
def test_told_with_its_listener_as_an_aside(text, statement, speaker):
    c = one(text)
    assert c.text == statement
    assert speaker in (c.speaker or "")


def test_told_and_a_comma_without_a_statement_around_it_is_nothing():
    # no statement before the speaker: the words after the listener's comma are not one
    assert extract_claims("He told them, was simple.", published=PUB) == []


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        # a second speaker after a clause break, a few words of its subject before its cue
        ("Three-quarters of the voters said they were worried about the harbour, and more "
         "than 4 in 10 said the mayor would handle it best.",
         "they were worried about the harbour", "the mayor would handle it best"),
        ("While only 7 percent said they are undecided, 27 percent of those who named a "
         "candidate said they could still change their minds.",
         "they are undecided", "they could still change their minds"),
        # a spaced hyphen as a dash
        ("Some friends say the mayor looks tired - an old complaint - others say she has "
         "never been stronger.",
         "the mayor looks tired - an old complaint", "she has never been stronger"),
    ],
)  # fmt: skip
def test_a_statement_ends_where_another_speaker_begins(text, first, second):
    claims = extract_claims(text, published=PUB)
    assert [c.text for c in claims] == [first, second]


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # the main clause after a subordinate one opens with a figure or a contracted pronoun
        ("Although the mayor said the levy was fair, 12 councillors voted against raising it.",
         "the levy was fair"),
        ("While he’s said the levy is fair, he’s also voted against raising it twice.",
         "the levy is fair"),
    ],
)  # fmt: skip
def test_a_statement_in_a_subordinate_clause_ends_before_a_figure_or_he_s(text, statement):
    assert [c.text for c in extract_claims(text, published=PUB)] == [statement]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # emphatic "did"/"does" before the cue: a statement, as without it
        ("He did tell CNN that the deal was dead.", "the deal was dead"),
        ("The mayor does say the levy will rise next year.", "the levy will rise next year"),
        # an adverb between the cue and "that" is not part of the statement
        ("Clinton has said repeatedly that she did nothing wrong.", "she did nothing wrong"),
        ("The minister said again on Monday that the plan was dead.", "the plan was dead"),
    ],
)
def test_emphatic_do_and_an_adverb_before_that(text, quote):
    assert one(text).quote == quote


@pytest.mark.parametrize(
    "text",
    [
        "What did he say about the levy after the meeting?",  # a question
        "Did she say the levy would rise?",
        "He did not say that the levy would rise.",  # a negation says nothing
    ],
)
def test_a_question_or_a_negation_with_do_is_no_statement(text):
    assert extract_claims(text, published=PUB) == []
