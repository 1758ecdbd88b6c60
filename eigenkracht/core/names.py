"""When two written names are probably the same person.

Plain functions, no database and no Flask: the network map's duplicate warnings use them,
and so may a search. Two names match when, after ``name_key``, they are

- the same: case, accents and marks ("Ayşe" = "Ayse", "Özgür" = "Ozgur"), letters without a
  decomposition ("ı" = "i", "ß" = "ss", "ø" = "o"), punctuation and spacing
  ("El-Idrissi" = "el idrissi") and the order of the words ("Yılmaz Ayşe" =
  "Ayşe Yılmaz") do not count, nor do Dutch and Arabic name particles when other words are
  left ("Jan de Vries" = "Jan Vries", "van" and "el" likewise);
- or close: at most one typing slip (a letter added, dropped, changed, or two swapped) in a
  name of 4 to 9 letters, two in a longer one, and none in a name of 3 letters or fewer
  ("Mohamed" ~ "Mohammed", "Jansen" ~ "Janssen"; "Ali" and "Alo" stay different); words
  with digits must be the same ("Oma 1" and "Oma 2" are two people).

Empty names (nothing left after cleaning) match nothing, not even each other.

The search box (``eigenkracht.search``) uses the same words and the same slips, word by word
(``search_words``, ``indexed``, ``search_score``): "Kaya Ayse", "Ayşe Kaya" and "Aysa Kaja"
all find Ayşe Kaya, and a fragment finds the words it is part of ("jans" finds Janssen).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import permutations
from typing import TypeVar

T = TypeVar("T")

# Letters Unicode does not split into a base letter and a mark.
_LETTERS = str.maketrans({
    "ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ħ": "h", "ŀ": "l", "ĳ": "ij",
})
# Words that are part of a surname but not what tells people apart.
PARTICLES = frozenset({"de", "der", "den", "van", "von", "het", "ter", "ten", "te", "in",
                       "t", "el", "al", "la", "le", "da", "di", "du", "dos", "ben", "bin",
                       "vd"})
MAX_TOKENS_REORDERED = 4  # beyond this, words are compared in alphabetical order only


def fold(text: str | None) -> str:
    """``text`` in lower case without accents or punctuation, words kept in their order
    (to find "bakkerij" in "Bakkerij Öztürk")."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@lru_cache(maxsize=4096)
def words(name: str | None) -> tuple[str, ...]:
    """The words of ``name``: lower case, without accents or punctuation, particles left
    out when other words remain, in alphabetical order."""
    found = fold(name).split()
    kept = [w for w in found if w not in PARTICLES] or found
    return tuple(sorted(kept))


def name_key(name: str | None) -> str:
    """``words`` joined by a space: equal keys are the same name ("" for no name)."""
    return " ".join(words(name))


def allowed_slips(length: int) -> int:
    """How many typing slips a name of ``length`` letters may differ by."""
    if length <= 3:
        return 0
    return 1 if length <= 9 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b`` (insert, delete, change, swap
    two neighbours), or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def same_name(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` are probably the same person's name (see the module)."""
    first, second = words(a), words(b)
    if not first or not second:
        return False
    if first == second:
        return True
    if _numbers(first) != _numbers(second):
        return False  # "Oma 1" and "Oma 2" are two people, whatever the letters
    joined_a, joined_b = " ".join(first), " ".join(second)
    limit = allowed_slips(min(len(joined_a), len(joined_b)) - len(first) + 1)
    if limit == 0:
        return False
    if distance(joined_a, joined_b, limit) <= limit:
        return True
    # A slip in a first letter can change the alphabetical order: pair the words up.
    if len(first) != len(second) or len(first) > MAX_TOKENS_REORDERED:
        return False
    return any(_pairs_within(first, order, limit) for order in permutations(second))


def _numbers(found: tuple[str, ...]) -> list[str]:
    return [w for w in found if any(c.isdigit() for c in w)]


def _pairs_within(first: tuple[str, ...], second: tuple[str, ...], limit: int) -> bool:
    total = 0
    for one, other in zip(first, second, strict=True):
        if one == other:
            continue
        if allowed_slips(min(len(one), len(other))) == 0:
            return False
        total += distance(one, other, limit - total)
        if total > limit:
            return False
    return True


def matches(name: str | None, candidates: Iterable[T],
            name_of: Callable[[T], str] = str) -> list[T]:
    """The ``candidates`` whose name (``name_of``) is probably ``name``, in their order."""
    if not words(name):
        return []
    return [c for c in candidates if same_name(name, name_of(c))]


# --- search ---------------------------------------------------------------------------------

# How well one typed word fits one word of a name (``word_score``).
EXACT, PREFIX, INSIDE, SLIPPED = 4, 3, 2, 1
MIN_FRAGMENT = 3  # a word shorter than this only finds the words it begins


def search_words(text: str | None) -> tuple[str, ...]:
    """The words of a search, as ``fold`` writes them, in the order typed, each once;
    particles left out when other words remain ("van der Berg" searches "berg")."""
    found = list(dict.fromkeys(fold(text).split()))
    return tuple([w for w in found if w not in PARTICLES] or found)


def indexed(*texts: str | None) -> str:
    """What a search index keeps of a name (and its relation): the folded words between
    single spaces, with a space before and after, so that ``" ka"`` finds a word that
    begins with "ka" (trigram indexes see the same edges)."""
    return " " + " ".join(w for t in texts for w in fold(t).split()) + " "


def grams(word: str) -> tuple[str, ...]:
    """The three-letter pieces of `` word `` (with its edges): a word within one slip of
    ``word`` (of 4 letters or more) shares at least one of them."""
    padded = f" {word} "
    return tuple(dict.fromkeys(padded[i:i + 3] for i in range(len(padded) - 2)))


def word_score(typed: str, word: str) -> int:
    """How well ``typed`` fits ``word``: ``EXACT``, ``PREFIX``, ``INSIDE`` (a fragment of 3
    letters or more), ``SLIPPED`` (within ``allowed_slips``, as ``same_name`` allows; words
    with digits never), or 0."""
    if typed == word:
        return EXACT
    if word.startswith(typed):
        return PREFIX
    if len(typed) >= MIN_FRAGMENT and typed in word:
        return INSIDE
    limit = allowed_slips(min(len(typed), len(word)))
    if limit and not any(c.isdigit() for c in typed + word) and \
            distance(typed, word, limit) <= limit:
        return SLIPPED
    return 0


def search_score(typed: tuple[str, ...], text: str) -> int:
    """How well the typed words (``search_words``) fit ``text`` (``indexed``): the sum of
    each typed word's best fit, or 0 when one of them fits no word at all."""
    found = text.split()
    total = 0
    for one in typed:
        best = max((word_score(one, word) for word in found), default=0)
        if not best:
            return 0
        total += best
    return total
