"""Find a known value again however it is spaced, hyphenated, bracketed or cased.

A value counts as disclosed if it can be read back ignoring whitespace, hyphens, brackets, "+" and
case: "07700 900246" is still there as "(07700)900-246", and "Studio 21 Christine Court" still
there when the two halves sit in different paragraphs. The prosecution-bundle checks compare that
way, so the reviewer's extra values and the final verification use the same rule.
"""
from __future__ import annotations

import re
from bisect import bisect_right

_IGNORED = re.compile(r"[\s\-()+]")
_KEPT_RUNS = re.compile(r"[^\s\-()+]+")


def normalise(value: str) -> str:
    """The comparison form: no whitespace, hyphens, brackets or '+', lower case."""
    return _IGNORED.sub("", value).lower()


def is_wordlike(normalised: str) -> bool:
    """Letters only (a name): such a value must not be found inside a longer word."""
    return bool(normalised) and all(c.isalpha() or c in "'’." for c in normalised)


class NormalisedText:
    """A text in comparison form, able to map a hit back to the original offsets.

    The comparison form is cheap (two C-level passes); the map back to the original text is
    built only when a value is actually found, which in a clean document is never.
    """

    def __init__(self, text: str):
        self.text = text
        lowered = text.lower()
        self._lower_keeps_offsets = len(lowered) == len(text)
        self.normalised = _IGNORED.sub("", lowered) if self._lower_keeps_offsets else self._build_map()
        self._norm_starts: list[int] | None = None
        self._orig_starts: list[int] = []

    def _build_map(self) -> str:
        chunks, norm_starts, orig_starts = [], [], []
        length = 0
        for m in _KEPT_RUNS.finditer(self.text):
            chunk = m.group()
            lowered = chunk.lower()
            if len(lowered) != len(chunk):
                lowered = chunk
            chunks.append(lowered)
            norm_starts.append(length)
            orig_starts.append(m.start())
            length += len(chunk)
        self._norm_starts, self._orig_starts = norm_starts, orig_starts
        return "".join(chunks)

    def _original(self, index: int) -> int:
        if self._norm_starts is None:
            self._build_map()
        i = bisect_right(self._norm_starts, index) - 1
        return self._orig_starts[i] + (index - self._norm_starts[i])

    def find(self, normalised_value: str) -> list[tuple[int, int]]:
        """Original (start, end) of every occurrence; whole words only for word-like values."""
        if not normalised_value:
            return []
        wordlike = is_wordlike(normalised_value)
        hits = []
        index = self.normalised.find(normalised_value)
        while index != -1:
            start = self._original(index)
            end = self._original(index + len(normalised_value) - 1) + 1
            if not wordlike or self._whole_word(start, end):
                hits.append((start, end))
            index = self.normalised.find(normalised_value, index + 1)
        return hits

    def _whole_word(self, start: int, end: int) -> bool:
        before = self.text[start - 1] if start > 0 else " "
        after = self.text[end] if end < len(self.text) else " "
        return not before.isalnum() and not after.isalnum()
