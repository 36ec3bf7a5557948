"""Issue 13: making matching cheaper must not move one score. Every pair of these texts
(numbers, negations, scripts without spaces, stop words only, empty-ish texts) is compared
with and without idf weights and checked against the results main gave before the work
(`pinned_scores.jsonl`: each text's keys, and a digest of its pairs' scores, decisions,
explanations and similarities).
A deliberate change of the scorer rewrites the file: ``python -m tests.matching.test_scores_pinned``."""

import hashlib
import json
from pathlib import Path

from claims.matching import IdfTable, MatchSettings, compare, index_keys, pair_keys
from claims.matching.scoring import similarity

PINNED = Path(__file__).with_name("pinned_scores.jsonl")
TEXTS = [
    "", " ", "...", "a", "the of and", "1", "one", "a hundred", "two hundred and fifty thousand",
    "3.5 million drones", "$1,000!", "1\u00a0000 people", "10⁶ cells", "2² is four", "G20³ summit",
    "It did not rise", "It didn't rise", "never again", "Prices rose 5% in January",
    "Prices fell 5% in February", "市长说预算增长了很多", "งบประมาณเพิ่มขึ้น", "الميزانية ارتفعت ٥٠٪",
    "Бюджет вырос на 50 процентов", "बजट 50% बढ़ा", "İstanbul'da 3 kişi", "covid-19 cases 4th wave",
    "World War II", "World War I", "40 million euros", "40 million dollars", "7 metres", "7 feet",
    "-5 degrees", "5 degrees", "#AustralianFires https://t.co/xyz burn", "U.S. says 2bn", "2k people",
    "doubled", "the 1990s", "0.50 or .5 or 5.", "one of the one two three", "a thousand a million a",
    "twenty one", "sixty sixty", "1.2.3", "x" * 300, "ab " * 60, "\u200bzero\u00adwidth",
    "ＦＵＬＬ　ｗｉｄｔｈ １２３", "ß straße STRASSE", "①②③", "፩፪ ethiopic",
    "The minister said 200 drones hit Kharkiv on Monday night.",
    "The minister said 300 drones hit Kharkiv on Monday night.",
    "On Monday night 200 drones hit Kharkiv, the minister said.",
    "The minister did not say 200 drones hit Kharkiv on Monday night.",
    "Unemployment fell to 3.5 percent in 2019, the lowest in fifty years, the bureau said.",
    "The bureau said unemployment fell to 3.5% in 2019, its lowest level in 50 years.",
    "The bureau said unemployment rose to 3.5% in 2019, its highest level in 50 years.",
]


def observed() -> list[str]:
    df: dict[str, int] = {}
    for text in TEXTS:
        for key in index_keys(text):
            df[key] = df.get(key, 0) + 1
    weights, settings = IdfTable(df, len(TEXTS)), MatchSettings()
    lines = [json.dumps(["keys", i, index_keys(t), pair_keys(index_keys(t))], ensure_ascii=False)
             for i, t in enumerate(TEXTS)]
    for i, a in enumerate(TEXTS):  # a line per text: a digest of its pairs with it and the later ones
        row = []
        for b in TEXTS[i:]:
            for idf in (None, weights):
                result = compare(a, b, settings, idf)
                row.append([result.to_dict(), similarity(a, b, idf)])
        told = json.dumps(row, ensure_ascii=False, sort_keys=True).encode()
        lines.append(json.dumps(["pairs", i, a[:40], hashlib.sha256(told).hexdigest()[:16]], ensure_ascii=False))
    return lines


def test_scores_as_pinned():
    pinned = PINNED.read_text(encoding="utf-8").splitlines()
    now = observed()
    assert len(now) == len(pinned)
    assert [line for line, old in zip(now, pinned, strict=True) if line != old] == []


if __name__ == "__main__":
    PINNED.write_text("\n".join(observed()) + "\n", encoding="utf-8")
