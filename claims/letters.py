"""Letters of any script with their combining marks, which `\\w` leaves out.

Devanagari writes a word's vowels and viramas as marks (Mn, Mc): 'मंत्री' is म, ं, त, ्, र, ी,
and `[^\\W\\d_]+` found 'म', 'त', 'र' in it, three letters of six characters. Counted so, a Hindi
quotation with an English name in it ('Tata Motors ने कहा कि बिक्री बढ़ी') seemed mostly Latin and
was judged by the English lexicon. An accent typed apart ('cafe\\u0301') is a mark likewise.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks of the Basic Multilingual Plane (Mn, Mc, Me): Indic vowel signs and
# viramas, Thai, Arabic harakat, combining accents.
MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))

# A run of letters of any script and their marks (a word less its digits and joiners).
LETTERS_RE = re.compile(rf"(?:[^\W\d_]|[{MARKS}])+")
