"""Which of the plan's contents (nội dung thi đua) a piece of a registration names.

Schools name a content by its number ("Nội dung 6", "6."), by a copy or paraphrase of its text,
or by a short label ("Bầu cử", "Chống rác thải").  The texts and labels come from the config
(``contents[].title`` and ``contents[].labels``); nothing here knows a content's words.

Text is matched on syllable pairs weighted by how few contents share them, so words every
content uses ("thực hiện", "năm 2021") count for little.  Precision first: a text that fits two
contents about equally, or fits none well, names no content.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from pipeline.config import CampaignConfig
from pipeline.text import fold

EXPLICIT = re.compile(r"\bnoi dung\s*(?:thi dua\s*)?(?:so\s*)?:?\s*(\d{1,3})\b")
_WORD = re.compile(r"[a-z0-9]+")
_LABEL_TRIM = re.compile(r"^[\s\-–•+:.;,()\d]*|[\s\-–•+:.;,()]*$")

MIN_SHARE = 0.45  # of the text's known weight that the best content must cover
MIN_WEIGHT = 4.0  # about two syllable pairs no other content has
MARGIN = 1.6  # the best content's weight over the runner-up's
SHORT_WORDS = 8  # a text this short names its content by a label, if at all


def _pairs(key: str) -> set[str]:
    words = _WORD.findall(key)
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


class ContentMatcher:
    """The config's contents as weighted syllable pairs and folded labels."""

    def __init__(self, contents: tuple[tuple[int, str, tuple[str, ...]], ...]) -> None:
        self.pairs: dict[int, set[str]] = {}
        labels: dict[str, set[int]] = {}
        for number, title, extra in contents:
            found = _pairs(fold(title))
            for label in extra:
                found |= _pairs(fold(label))
                labels.setdefault(_label_key(label), set()).add(number)
            self.pairs[number] = found
        # A label two contents share names neither.
        self.labels = {key: next(iter(ns)) for key, ns in labels.items() if key and len(ns) == 1}
        df = Counter(p for found in self.pairs.values() for p in found)
        total = max(len(self.pairs), 1)
        self.weight = {p: math.log((total + 1) / n) for p, n in df.items()}

    def explicit(self, text: str) -> int | None:
        """The number of "Nội dung 6" / "Nội dung số 6" written in ``text``."""
        m = EXPLICIT.search(fold(text))
        return int(m.group(1)) if m else None

    def by_label(self, text: str) -> int | None:
        """The content whose label ``text`` is, or begins with ("Bầu cử: …")."""
        key = _label_key(text)
        if not key:
            return None
        if key in self.labels:
            return self.labels[key]
        head = _label_key(re.split(r"[:;(]", text, maxsplit=1)[0])
        return self.labels.get(head) if head != key else None

    def by_text(self, text: str) -> int | None:
        """The content ``text`` copies or paraphrases, when one stands out; else None."""
        if (found := self.by_label(text)) is not None:
            return found
        if len(_WORD.findall(fold(text))) <= SHORT_WORDS:
            return self.contained_label(text)
        pairs = _pairs(fold(text))
        known = [p for p in pairs if p in self.weight]
        if not known:
            return None
        mass = sum(self.weight[p] for p in known)
        scores = sorted(
            ((sum(self.weight[p] for p in known if p in own), n) for n, own in self.pairs.items()),
            reverse=True,
        )
        best, number = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0.0
        if best >= MIN_WEIGHT and best >= MIN_SHARE * mass and best >= MARGIN * second:
            return number
        return None

    def contained_label(self, text: str) -> int | None:
        """The one content whose labels occur in ``text`` as whole words; else None."""
        key = f" {_label_key(text)} "
        found = {n for label, n in self.labels.items() if f" {label} " in key}
        return found.pop() if len(found) == 1 else None


def _label_key(text: str) -> str:
    key = fold(text)
    key = re.sub(r"[^a-z0-9]+", " ", key)
    return _LABEL_TRIM.sub("", key).strip()


@lru_cache(maxsize=8)
def _cached(contents: tuple[tuple[int, str, tuple[str, ...]], ...]) -> ContentMatcher:
    return ContentMatcher(contents)


def matcher_for(config: CampaignConfig) -> ContentMatcher:
    """The matcher of ``config``'s contents, built once per distinct list of contents."""
    return _cached(tuple((c.number, c.title, tuple(c.labels)) for c in config.contents))
