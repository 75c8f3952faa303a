"""The prose writer the markup parsers share: spacing, placeholder words and asides.

Parsers drop markup between words. Done naively that leaves double spaces, glued
words or a lone space at a paragraph start, which checkers then flag. The writer
holds whitespace back until more prose follows, so removed markup never changes the
spacing, and it picks placeholder words that keep a sentence grammatical (ltex-ls
uses "Dummy0"; a spell checker flags that, so ours are plain capitalised nouns that
Harper accepts in every position we tried).
"""

from __future__ import annotations

import bisect
import re

from wa_core.document import ProseBuilder, ProseDocument

# Placeholder words, each standing for markup that reads as a noun in the sentence.
CODE = "Code"  # inline code, \texttt, ``literal``, code roles
MATH = "Math"  # inline and display math
LINK = "Link"  # bare URLs, autolinks, \url
CITATION = "[1]"  # \cite and friends: what the reader sees, never a spelling error
REFERENCE = "1"  # \ref, :numref:: "Figure~\ref{f}" reads "Figure 1"
TERM = "Term"  # anything else that stands for a word (glossary entries, substitutions)
# After "an" a placeholder must start with a vowel sound, or every "an $x$" is a finding.
VOWEL = "Item"

_LINE_BREAK = re.compile(r"(?<![^\S\n])[^\S\n]*+\n\s*")  # starts only where a blank run starts
_CLOSING = frozenset(".,;:!?)]}”»")  # never quotes: they may open one
_AN = re.compile(r"(?:^|[^\w])[Aa]n\s$")
_LAST_WORD = re.compile(r"(\w+)\s*$")


class ProseWriter:
    """Writes prose through a ``ProseBuilder``, deferring whitespace and paragraph breaks.

    ``collapse`` (TeX) turns every whitespace run into one character, as TeX does;
    without it (Markdown, reST) a run between words is copied as it is, so a user's
    double space stays visible, and only whitespace next to removed markup is dropped.
    """

    def __init__(self, builder: ProseBuilder, source: str, *, collapse: bool) -> None:
        self._b = builder
        self._src = source
        self._collapse = collapse
        self._ws: tuple[int, int] | None = None
        self._newline = False  # the pending whitespace is a line break
        self._par: int | None = None
        self._asides: list[ProseDocument] = []
        self.muted = False

    @property
    def builder(self) -> ProseBuilder:
        return self._b

    def space(self, start: int, end: int) -> None:
        """A whitespace run; written only if prose follows in the same paragraph."""
        if self.muted or end <= start:
            return
        if self._ws is None and self._par is None:
            self._ws = (start, end)
            self._newline = False

    def line_break(self, start: int, end: int) -> None:
        """Markup for a line break (``\\\\``, ``<br>``): a newline if prose follows."""
        if self.muted:
            return
        if self._par is None and (self._ws is None or not self._newline):
            self._ws = (start, max(start, end))
            self._newline = True

    def paragraph(self, at: int) -> None:
        """A paragraph break before whatever prose comes next."""
        if self.muted:
            return
        self._ws = None
        if self._par is None:
            self._par = at

    def text(self, start: int, end: int) -> None:
        """Copy source ``[start, end)`` verbatim."""
        if self.muted or end <= start:
            return
        if self._ws is not None and self._ws[1] < start and self._src[start] in _CLOSING:
            self._ws = None  # "word \label{x}." must not read "word ."
        self._flush()
        self._b.copy(start, end)

    def replace(self, start: int, end: int, text: str) -> None:
        """Write ``text`` for source ``[start, end)`` (an escape, a dash, an accent)."""
        if self.muted or not text:
            return
        self._flush()
        self._b.substitute(start, end, text)

    def placeholder(self, start: int, end: int, word: str, suffix: str = "") -> None:
        """Write a placeholder word for ``[start, end)``, spaced and with the right article."""
        if self.muted:
            return
        self._flush()
        tail = self._b.tail(4)
        if word[:1].isalpha() and _AN.search(tail):
            word = VOWEL
        before = _LAST_WORD.search(self._b.tail(24)) if word[:1].isalpha() else None
        if before is not None and before.group(1).casefold() == word.casefold():
            # "inline math $x$", "`a` `b`": a checker would take "math Math" for a repeat
            word = TERM if word != TERM else VOWEL
        if tail[-1:].isalnum():
            word = " " + word
        self._b.substitute(start, end, word + suffix)

    def aside(self, doc: ProseDocument) -> None:
        """Prose that interrupts a sentence in the source (a footnote) but belongs after it."""
        if doc.prose.strip():
            self._asides.append(doc)

    def finish(self, at: int) -> None:
        """Write any pending asides; call once at the end of the document."""
        if self._asides:
            self.paragraph(at)
            self._flush()

    def _flush(self) -> None:
        if self._par is not None:
            at, self._par = self._par, None
            self._b.separate(at)
            asides, self._asides = self._asides, []
            for doc in asides:
                for seg in doc.segments:
                    self._b.substitute(
                        seg.source_start, seg.source_end, doc.prose[seg.prose_start : seg.prose_end]
                    )
                self._b.separate(at)
            return
        if self._ws is None:
            return
        start, end = self._ws
        self._ws = None
        if self._b.length == 0 or self._b.tail(1).isspace():
            return
        run = self._src[start:end]
        nl = run.find("\n")
        if self._newline and nl < 0:
            self._b.substitute(start, end, "\n")
        elif nl >= 0:
            self._b.copy(start + nl, start + nl + 1)  # a line break stays one, whatever surrounds it
        elif "\r" in run:
            self._b.substitute(start, end, "\n")
        elif not run.isspace():
            self._b.substitute(start, end, " ")  # markup that reads as a space: ~, \quad
        elif not self._collapse and "\t" not in run:
            self._b.copy(start, end)
        elif not self._collapse:
            self._b.substitute(start, end, run.replace("\t", " "))
        elif run[0] == " ":
            self._b.copy(start, start + 1)
        else:
            self._b.substitute(start, end, " ")


class Lines:
    """Lines of a block joined by newlines, so inline markup can span them, mapped back.

    ``ranges`` are the source spans of the lines' content (container prefixes such as
    "> " or an indent already cut off); offsets in ``text`` map back through them.
    """

    def __init__(self, writer: ProseWriter, source: str, ranges: list[tuple[int, int]]) -> None:
        self.w = writer
        self.ranges = ranges
        self.text = "\n".join(source[a:b] for a, b in ranges)
        self._bases: list[int] = []
        base = 0
        for a, b in ranges:
            self._bases.append(base)
            base += b - a + 1

    def _line(self, p: int) -> int:
        return bisect.bisect_right(self._bases, p) - 1

    def source(self, p: int) -> int:
        """The source offset of ``text`` offset ``p`` (a line's end maps to that line's end)."""
        i = self._line(p)
        a, b = self.ranges[i]
        return min(a + p - self._bases[i], b)

    def literal(self, a: int, b: int) -> None:
        """Plain text: copied line by line; whitespace at the edges goes to the writer.

        Whitespace between words is copied as it is; only line breaks and the
        whitespace next to removed markup need the writer's judgement.
        """
        text = self.text
        for m in _LINE_BREAK.finditer(text, a, b):
            self._run(a, m.start())
            self.space(m.start(), m.end())
            a = m.end()
        self._run(a, b)

    def _run(self, a: int, b: int) -> None:
        text = self.text
        i, j = a, b
        while i < j and text[i].isspace():
            i += 1
        while j > i and text[j - 1].isspace():
            j -= 1
        if i > a:
            self.space(a, i)
        self.copy(i, j)
        if j < b:
            self.space(j, b)

    def copy(self, a: int, b: int) -> None:
        """Copy ``text[a:b]``, which holds no line break."""
        if a < b:
            start = self.source(a)
            self.w.text(start, start + (b - a))

    def space(self, a: int, b: int) -> None:
        if "\n" in self.text[a:b]:
            self.w.space(self.ranges[self._line(a)][1], self.ranges[self._line(b)][0])
        else:
            self.w.space(self.source(a), self.source(b))

    def replace(self, a: int, b: int, text: str) -> None:
        self.w.replace(self.source(a), self.source(b), text)

    def placeholder(self, a: int, b: int, word: str, suffix: str = "") -> None:
        self.w.placeholder(self.source(a), self.source(b), word, suffix)
