"""reStructuredText to prose with a line-based scanner of our own.

docutils knows reST best, but its nodes carry line numbers only and it rewrites the
text, so mapping findings back would be guesswork. reST is line-oriented and its block
structure is decided by indentation, which a scanner can follow exactly: titles,
paragraphs, list items, field bodies, admonitions and footnotes are prose; literal
blocks, code and other directives, comments, targets and substitution definitions are
not. Inline markup is handled by ``_Inline`` over each paragraph's joined lines.
"""

from __future__ import annotations

import re

from wa_core.document import ProseBuilder, ProseDocument
from wa_core.parsers.writer import CITATION, CODE, LINK, MATH, REFERENCE, TERM, Lines, ProseWriter


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEWLINE = re.compile(r"\r\n?|\n")
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+[ \t]*")
_SIMPLE_TABLE = re.compile(r"=+(?:[ \t]+=+)+[ \t]*")
_GRID_BORDER = re.compile(r"\+(?:[-=]+\+)+[ \t]*")
_EXPLICIT = re.compile(r"\.\.(?:[ \t]+|$)")
_DIRECTIVE = re.compile(r"\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:.+-]+)::(?:[ \t]+|$)")
_FOOTNOTE = re.compile(r"\.\.[ \t]+\[(?:\d+|#[\w.-]*|\*|[\w.-]+)\](?:[ \t]+|$)")
_TARGET = re.compile(r"\.\.[ \t]+_")
_BULLET = re.compile(r"[-*+•‣⁃](?:[ \t]+|$)")
_ENUMERATOR = re.compile(
    r"(?:\(?(?:\d+|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)\)|(?:\d+|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)\.)(?:[ \t]+|$)"
)
_FIELD = re.compile(r":((?:[^:\\\n]|\\.|:(?![ \t]|$))+):(?:[ \t]+|$)")
_OPT = r"(?:--?|/)\w[\w-]*+(?:[ =][\w<>\[\]-]++)?+"
_OPTION = re.compile(rf"{_OPT}(?:,[ \t]{_OPT})*+(?:[ \t]{{2,}}|$)")  # possessive: no backtracking
_LINE_BLOCK = re.compile(r"\|(?:[ \t]+|$)")
_DOCTEST = re.compile(r">>>(?:[ \t]|$)")

# Directives whose bodies are prose; the argument after "::" may be too.
_PROSE_BODY = _words(
    "note warning tip important caution danger error hint attention seealso todo admonition "
    "topic sidebar rubric epigraph highlights pull-quote compound container only glossary hlist "
    "versionadded versionchanged deprecated versionremoved figure table list-table centered tabs tab"
)
_ARGUMENT_STARTS_BODY = _words(
    "note warning tip important caution danger error hint attention seealso todo "
    "versionadded versionchanged deprecated versionremoved"
)
_ARGUMENT_IS_TITLE = _words("admonition topic sidebar rubric table list-table centered tab")
_VERSIONED = _words("versionadded versionchanged deprecated versionremoved")
_BIBLIOGRAPHIC = _words("author authors organization address contact version revision status date copyright")


class RstParser:
    """reStructuredText, with the Sphinx directives and roles that matter for prose."""

    language = "restructuredtext"

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument:
        builder = ProseBuilder(source, language=self.language, path=path)
        writer = ProseWriter(builder, source, collapse=False)
        _Blocks(source, writer).run()
        writer.finish(len(source))
        return builder.build()


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


class _Blocks:
    """The block structure, line by line."""

    def __init__(self, source: str, writer: ProseWriter) -> None:
        self.src = source
        self.w = writer
        self.starts = [0]
        self.ends: list[int] = []
        for m in _NEWLINE.finditer(source):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(source))
        self.count = len(self.starts)

    def line(self, i: int) -> str:
        return self.src[self.starts[i] : self.ends[i]]

    def blank(self, i: int) -> bool:
        return i >= self.count or not self.line(i).strip()

    def run(self) -> None:
        i = 0
        while i < self.count:
            i = self._block(i)

    def _skip_indented(self, i: int, indent: int) -> int:
        """Skip lines from ``i`` that are blank or indented deeper than ``indent``."""
        while i < self.count and (self.blank(i) or _indent(self.line(i)) > indent):
            i += 1
        return i

    def _block(self, i: int) -> int:
        line = self.line(i)
        if not line.strip():
            self.w.paragraph(self.starts[i])
            return i + 1
        indent = _indent(line)
        lead = len(line) - len(line.lstrip())
        body = line[lead:]
        col = self.starts[i] + lead
        self.w.paragraph(col)
        if _EXPLICIT.match(body):
            return self._explicit(i, indent, body, col)
        if body.startswith("__ "):
            return self._skip_indented(i + 1, indent)  # an anonymous hyperlink target
        if _DOCTEST.match(body):
            while i < self.count and not self.blank(i):
                i += 1
            return i
        if _GRID_BORDER.fullmatch(body):
            return self._grid_table(i)
        if _SIMPLE_TABLE.fullmatch(body):
            return self._simple_table(i)
        if _ADORNMENT.fullmatch(body) and len(body.strip()) >= 2 and body.strip() != "::":
            return i + 1  # a transition, or a title's overline
        nxt = self.line(i + 1) if i + 1 < self.count else ""
        if indent == 0 and _ADORNMENT.fullmatch(nxt) and len(nxt.strip()) >= min(len(body.strip()), 3):
            self._prose([(col, self.ends[i])])
            self.w.paragraph(self.ends[i])
            return i + 2
        marker = 0
        for pattern in (_BULLET, _ENUMERATOR, _LINE_BLOCK, _OPTION):
            m = pattern.match(body)
            if m and (pattern is not _ENUMERATOR or self._list_follows(i, indent)):
                marker = m.end()
                break
        else:
            m = _FIELD.match(body)
            if m:
                if m.group(1).strip().lower() in _BIBLIOGRAPHIC:
                    return self._skip_indented(i + 1, indent)
                marker = m.end()
        return self._paragraph(i, indent, col + marker, has_marker=marker > 0)

    def _list_follows(self, i: int, indent: int) -> bool:
        """Whether "A. Smith wrote" starts a list: only if a blank, indented or item line follows."""
        if self.blank(i + 1):
            return True
        nxt = self.line(i + 1)
        return _indent(nxt) > indent or _ENUMERATOR.match(nxt.lstrip()) is not None

    def _paragraph(self, i: int, indent: int, start: int, *, has_marker: bool) -> int:
        """A paragraph from ``start``; a marker's item continues on lines indented deeper."""
        ranges: list[tuple[int, int]] = []
        if start < self.ends[i]:
            ranges.append((start, self.ends[i]))
        j = i + 1
        while j < self.count and not self.blank(j):
            text = self.line(j)
            ind = _indent(text)
            if (ind <= indent) if has_marker else (ind != indent):
                break
            body = text.lstrip()
            if not has_marker and (_EXPLICIT.match(body) or _BULLET.match(body)):
                break
            lead = len(text) - len(body)
            ranges.append((self.starts[j] + lead, self.ends[j]))
            j += 1
        literal = self._strip_literal_marker(ranges)
        self._prose(ranges)
        if literal:
            j = self._skip_literal(j, indent)
        return j

    def _strip_literal_marker(self, ranges: list[tuple[int, int]]) -> bool:
        """Drop the "::" that announces a literal block ("text::" reads "text:")."""
        while ranges:
            a, b = ranges[-1]
            while b > a and self.src[b - 1] in " \t":
                b -= 1
            if not self.src.endswith("::", a, b):
                ranges[-1] = (a, b)
                return False
            if b - a == 2:
                ranges.pop()
            elif self.src[b - 3] in " \t":
                ranges[-1] = (a, b - 3)
            else:
                ranges[-1] = (a, b - 1)
            return True
        return False

    def _skip_literal(self, j: int, indent: int) -> int:
        while j < self.count and self.blank(j):
            j += 1
        if j >= self.count:
            return j
        if _indent(self.line(j)) > indent:
            return self._skip_indented(j, indent)
        if (
            _indent(self.line(j)) == indent
            and self.line(j).lstrip()[:1] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        ):
            while j < self.count and not self.blank(j):
                j += 1  # a quoted literal block
        return j

    def _explicit(self, i: int, indent: int, body: str, col: int) -> int:
        """Comments, targets, footnotes, substitution definitions and directives."""
        if _TARGET.match(body):
            return self._skip_indented(i + 1, indent)
        m = _FOOTNOTE.match(body)
        if m:
            return self._paragraph(i, indent, col + m.end(), has_marker=True)
        m = _DIRECTIVE.match(body)
        if not m or body.lstrip(". \t").startswith("|"):
            return self._skip_indented(i + 1, indent)  # a comment or a substitution definition
        name = m.group(1).lower().split(":")[-1]
        if name not in _PROSE_BODY:
            return self._skip_indented(i + 1, indent)
        argument = col + m.end()
        if name in _VERSIONED:
            version = re.match(r"\S+[ \t]*", body[m.end() :])
            argument += version.end() if version else 0
        if argument < self.ends[i]:
            if name in _ARGUMENT_IS_TITLE:
                self._prose([(argument, self.ends[i])])
                self.w.paragraph(self.ends[i])
            elif name in _ARGUMENT_STARTS_BODY:
                return self._paragraph(i, indent, argument, has_marker=True)
        # The body: options first, then blocks the main loop reads like any others.
        j = i + 1
        while j < self.count and not self.blank(j) and _FIELD.match(self.line(j).lstrip()):
            j += 1
        return j

    def _grid_table(self, i: int) -> int:
        while i < self.count and not self.blank(i):
            text = self.line(i)
            lead = len(text) - len(text.lstrip())
            if text.lstrip().startswith("|"):
                pos = self.starts[i] + lead + 1
                for cell in text.lstrip()[1:].split("|"):
                    self._cell(pos, pos + len(cell))
                    pos += len(cell) + 1
            i += 1
        return i

    def _simple_table(self, i: int) -> int:
        border = self.line(i)
        columns = [(m.start(), m.end()) for m in re.finditer(r"=+", border)]
        borders = 1
        i += 1
        while i < self.count:
            text = self.line(i)
            if _SIMPLE_TABLE.fullmatch(text.strip()) and text.strip().startswith("="):
                borders += 1
                i += 1
                if borders >= 3 or self.blank(i):
                    break
                continue
            if not text.strip() or re.fullmatch(r"[ \t]*[-=][-= \t]*", text):
                i += 1
                continue
            for k, (a, _) in enumerate(columns):
                b = columns[k + 1][0] if k + 1 < len(columns) else len(text)
                self._cell(self.starts[i] + min(a, len(text)), self.starts[i] + min(b, len(text)))
            i += 1
        return i

    def _cell(self, a: int, b: int) -> None:
        while a < b and self.src[a] in " \t":
            a += 1
        while b > a and self.src[b - 1] in " \t":
            b -= 1
        if a < b:
            self.w.paragraph(a)
            self._prose([(a, b)])
            self.w.paragraph(b)

    def _prose(self, ranges: list[tuple[int, int]]) -> None:
        if ranges:
            _Inline(self.w, self.src, ranges).run()


# -- inline markup ---------------------------------------------------------------------
_START = r"(?<![\w\\])"  # inline markup starts after whitespace or punctuation
_END = r"(?![\w])"
# Spans of inline markup are bounded (1000 characters) so unclosed markers stay linear.
_INLINE = re.compile(
    r"(?P<escape>\\[\s\S])"
    rf"|(?P<literal>{_START}``(?=\S)[\s\S]{{0,1000}}?\S``{_END})"
    rf"|(?P<role>{_START}:(?P<rname>[\w.+:-]{{1,40}}):`(?P<rtext>(?:[^`\\]|\\.){{1,1000}})`{_END})"
    rf"|(?P<interpreted>{_START}`(?P<itext>(?:[^`\\]|\\.){{1,1000}})`(?P<suffix>__?|:[\w.+:-]+:)?{_END})"
    rf"|(?P<strong>{_START}\*\*(?=\S)(?P<stext>[\s\S]{{0,1000}}?\S)\*\*{_END})"
    rf"|(?P<emphasis>{_START}\*(?=[^\s*])(?P<etext>[\s\S]{{0,1000}}?[^\s\\])\*{_END})"
    rf"|(?P<target>{_START}_`(?P<ttext>(?:[^`\\]|\\.){{1,1000}})`{_END})"
    r"|(?P<footnote>\[(?:\d+|#[\w.-]*|\*|[\w.-]+)\]_(?![\w]))"
    rf"|(?P<substitution>{_START}\|(?=\S)[^|\n]*\S\|(?:__?)?{_END})"
    r"|(?P<url>(?<![\w/.])(?:(?:https?|ftp)://|www\.)[^\s<>`]*[^\s<>`.,;:!?\"')\]])"
    r"|(?P<reference>(?<=\w)__?(?=[\s.,;:!?)\]'\"]|$))"
)
_PROSE_ROLES = _words("emphasis strong sub subscript sup superscript title-reference title t term guilabel")
_TITLED_ROLES = _words("ref doc any term numref download")
_MATH_ROLES = frozenset({"math", "eq"})
_CITATION_ROLES = _words("cite footcite cite:p cite:t cite:ps cite:ts citep citet")
_TITLE = re.compile(r"(?s)(.*?\S)\s*<[^<>]+>$")


class _Inline:
    def __init__(self, writer: ProseWriter, source: str, ranges: list[tuple[int, int]]) -> None:
        self.lines = Lines(writer, source, ranges)
        self.s = self.lines.text

    def run(self) -> None:
        lines = self.lines
        pos = 0
        for m in _INLINE.finditer(self.s):
            lines.literal(pos, m.start())
            pos = m.end()
            self._markup(m)
        lines.literal(pos, len(self.s))

    def _markup(self, m: re.Match[str]) -> None:
        lines = self.lines
        kind = m.lastgroup
        a, b = m.span()
        if kind == "escape":
            ch = self.s[a + 1]
            if not ch.isspace():
                lines.replace(a, b, ch)
        elif kind == "literal":
            lines.placeholder(a, b, CODE)
        elif kind == "role":
            self._role(m.group("rname"), m.start("rtext"), m.end("rtext"), a, b)
        elif kind == "interpreted":
            suffix = m.group("suffix") or ""
            if suffix.startswith("_"):
                self._titled(m.start("itext"), m.end("itext"), title_only=False)
            elif suffix:
                self._role(suffix.strip(":"), m.start("itext"), m.end("itext"), a, b)
            else:
                lines.placeholder(a, b, CODE)  # the default role: code, in practice
        elif kind == "strong":
            self._inner(m.start("stext"), m.end("stext"))
        elif kind == "emphasis":
            self._inner(m.start("etext"), m.end("etext"))
        elif kind == "target":
            self._inner(m.start("ttext"), m.end("ttext"))
        elif kind == "substitution":
            lines.placeholder(a, b, TERM)
        elif kind == "url":
            lines.placeholder(a, b, LINK)
        # footnote references and the "_" of "name_" references produce nothing

    def _inner(self, a: int, b: int) -> None:
        """Markup whose content is prose (and may hold escapes)."""
        pos = a
        for m in re.finditer(r"\\([\s\S])", self.s[a:b]):
            start = a + m.start()
            self.lines.literal(pos, start)
            if not m.group(1).isspace():
                self.lines.replace(start, start + 2, m.group(1))
            pos = start + 2
        self.lines.literal(pos, b)

    def _titled(self, a: int, b: int, *, title_only: bool) -> bool:
        """`title <target>`: the title is prose. Without a title, prose unless ``title_only``."""
        m = _TITLE.match(self.s, a, b)
        if m:
            self._inner(a, a + len(m.group(1)))
            return True
        if title_only:
            return False
        self._inner(a, b)
        return True

    def _role(self, name: str, a: int, b: int, start: int, end: int) -> None:
        name = name.lower()
        short = name.split(":", 1)[-1] if name.startswith(("std:", "py:", "rst:")) else name
        if short in _PROSE_ROLES:
            self._inner(a, b)
        elif short in _TITLED_ROLES:
            if not self._titled(a, b, title_only=True):
                word = REFERENCE if short == "numref" else TERM
                self.lines.placeholder(start, end, word)
        elif short in _MATH_ROLES:
            self.lines.placeholder(start, end, MATH)
        elif short in _CITATION_ROLES:
            self.lines.placeholder(start, end, CITATION)
        else:
            self.lines.placeholder(start, end, CODE)
