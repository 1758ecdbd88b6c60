"""Finding a person's name, e-mail address and phone number in free text, and replacing them.

Erasure (``privacy.erase``) and purge (``privacy.purge``) use a ``Needles`` made of what
identifies the person:

- **the name as words**: the whole name (of two words or more), and each of its words on its
  own (first name, last name, middle names), compared whole word by whole word, ignoring case
  and accents: erasing "Chloë Martin" replaces "Chloë Martin", "chloe", "CHLOË" and
  "Martin's" (the "'s" stays), but not "Chloëlle" or "Martinez" — a longer word is another
  word, often another person's name ("Fatmagül" is not "Fatma").
- **except words that do not identify them**: name particles ("van", "de", "El", "bin" …),
  single letters (initials), the words of their relation ("Oma Truus" is the grandmother:
  "oma" alone is not erased) and words of the names of the people who stay in the case
  (the client and everyone else on the map). A surname the erased father shares with the
  child stays in the child's name; "Piet Jansen" as a whole still goes.
- **their e-mail address** (ignoring case) and **their phone number** (the same digits,
  written with or without spaces, dashes or +31 instead of 0).

Words are runs of letters, digits and combining marks; everything else (spaces, hyphens,
apostrophes, punctuation, underscores) separates words, so "Fatma-Zehra" holds the words
"Fatma" and "Zehra". Each match becomes ``ERASED``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ERASED = "[erased]"

# Name particles in the languages of the families: never erased on their own.
PARTICLES = frozenset("""
    van von vom der den de del della degli dei di da das do dos du des la le les lo het
    ter ten te op in aan uit onder bij zu zum zur el al ul bin ibn bint abu
""".split())

# Letters that do not decompose into a base letter and a mark, folded by hand.
_FOLDS = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                        "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae",
                        "œ": "oe", "Œ": "oe", "ß": "ss", "ẞ": "ss"})

MIN_PHONE_DIGITS = 6
_DIGITS = re.compile(r"\d+")
_PHONE_GAP = re.compile(r"[ \t\-./()\u00a0]{0,3}")


def fold(text: str) -> str:
    """``text`` without case and accents: "Chloë" and "CHLOE" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_FOLDS).casefold()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def words(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every word of ``text``."""
    spans, start = [], None
    for index, ch in enumerate(text):
        if _is_word_char(ch):
            if start is None:
                start = index
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def name_words(name: str) -> list[str]:
    """The folded words of a name."""
    return [fold(name[a:b]) for a, b in words(name or "")]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _same_phone(found: str, phone: str) -> bool:
    """The same number, also with +31 (or 0031) for a leading 0."""
    if found == phone:
        return True
    return len(found) >= 9 and len(phone) >= 9 and found[-9:] == phone[-9:]


@dataclass(frozen=True)
class Needles:
    """What identifies one or more people in free text (see the module docstring)."""

    names: tuple[tuple[str, ...], ...] = ()  # each whole name as folded words
    single: frozenset[str] = frozenset()  # words erased on their own
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # digits only

    @classmethod
    def of(cls, people: Iterable[Any], *, keep: Iterable[str] = ()) -> Needles:
        """The needles of ``people`` (objects with ``name`` and optionally ``relation``,
        ``email``, ``phone``); words of ``keep`` (the names of those who stay) are not
        erased on their own."""
        kept = {word for text in keep for word in name_words(text)}
        names, single, emails, phones = [], set(), [], []
        for person in people:
            whole = tuple(name_words(getattr(person, "name", "") or ""))
            if len(whole) > 1:  # one word is matched (or kept) as a word on its own
                names.append(whole)
            relation = set(name_words(getattr(person, "relation", "") or ""))
            single.update(word for word in whole
                          if len(word) > 1 and word not in PARTICLES
                          and word not in relation and word not in kept)
            email = (getattr(person, "email", "") or "").strip()
            if "@" in email:
                emails.append(email.casefold())
            phone = _digits(getattr(person, "phone", "") or "")
            if len(phone) >= MIN_PHONE_DIGITS:
                phones.append(phone)
        names.sort(key=len, reverse=True)
        return cls(names=tuple(names), single=frozenset(single), emails=tuple(emails),
                   phones=tuple(phones))

    def __bool__(self) -> bool:
        return bool(self.names or self.single or self.emails or self.phones)

    # --- text --------------------------------------------------------------------------

    def scrub_text(self, text: str) -> str:
        """``text`` with every match replaced by ``ERASED``."""
        if not text or not self:
            return text
        for email in self.emails:
            text = re.sub(re.escape(email), ERASED, text, flags=re.IGNORECASE)
        if self.phones:
            text = self._scrub_phones(text)
        return self._scrub_words(text)

    def mentions(self, text: str) -> bool:
        return bool(text) and self.scrub_text(text) != text

    def _scrub_phones(self, text: str) -> str:
        """Groups of digits joined by at most three spaces, dashes, dots, slashes or
        brackets, whose digits are one of the phone numbers."""
        groups = [(m.start(), m.end()) for m in _DIGITS.finditer(text)]
        longest = max(len(phone) for phone in self.phones) + 4  # "+31" or "0031" for "0"
        out, last, index = [], 0, 0
        while index < len(groups):
            found, end = "", None
            for j in range(index, len(groups)):
                if j > index and not _PHONE_GAP.fullmatch(text[groups[j - 1][1]:groups[j][0]]):
                    break
                found += text[groups[j][0]:groups[j][1]]
                if len(found) > longest:
                    break
                if any(_same_phone(found, phone) for phone in self.phones):
                    end = j
            if end is None:
                index += 1
                continue
            start = groups[index][0]
            while start > 0 and text[start - 1] in "+(":
                start -= 1
            out.extend((text[last:start], ERASED))
            last, index = groups[end][1], end + 1
        out.append(text[last:])
        return "".join(out)

    def _scrub_words(self, text: str) -> str:
        spans = words(text)
        if not spans:
            return text
        folded = [fold(text[a:b]) for a, b in spans]
        out, last, index = [], 0, 0
        while index < len(spans):
            taken = self._whole_name_at(text, spans, folded, index)
            if taken == 0 and folded[index] in self.single:
                taken = 1
            if taken:
                out.append(text[last:spans[index][0]])
                out.append(ERASED)
                last = spans[index + taken - 1][1]
                index += taken
            else:
                index += 1
        out.append(text[last:])
        return "".join(out)

    def _whole_name_at(self, text: str, spans, folded, index: int) -> int:
        """How many words from ``index`` are one whole name (separated by white space, hyphens
        or the dots of initials)."""
        for name in self.names:
            end = index + len(name)
            if end > len(spans) or tuple(folded[index:end]) != name:
                continue
            gaps = (text[spans[i][1]:spans[i + 1][0]] for i in range(index, end - 1))
            if all(gap.strip(" \t\n\r\u00a0-.") == "" for gap in gaps):
                return len(name)
        return 0

    # --- stored values -----------------------------------------------------------------

    def scrub(self, value: Any) -> Any:
        """``value`` (text, or JSON made of lists and dicts) with every match replaced;
        dictionary keys are scrubbed too."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        if isinstance(value, dict):
            return {self.scrub(key) if isinstance(key, str) else key: self.scrub(item)
                    for key, item in value.items()}
        return value
