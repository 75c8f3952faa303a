"""Markdown to prose: markdown-it-py finds the blocks, our own scanner reads each line.

markdown-it-py's tokens carry line maps but no columns, and its inline pass rewrites
text (escapes, entities) without saying where each character came from. So it runs
without the inline pass, only to split the document into blocks; inside each block
our scanner walks the source lines and emits exactly mapped prose. Large files are
parsed in chunks cut at safe blank lines, so memory stays bounded by the chunk size.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from wa_core.document import ProseBuilder, ProseDocument
from wa_core.parsers.writer import CODE, LINK, MATH, Lines, ProseWriter

_NEWLINE = re.compile(r"\r\n?|\n")
_CHUNK_CHARS = 1 << 16

# Line states the chunker tracks: a cut inside these would change what follows.
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML_RAW = re.compile(
    r" {0,3}<(?:(script|pre|style|textarea)(?:[\s>]|$)|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[))", re.I
)
_HTML_RAW_END = ("", "</", "-->", "?>", ">", "]]>")
_MATH_FENCE = re.compile(r" {0,3}\$\$")
_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
_REFERENCE_DEF = re.compile(r"^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:", re.M)

# Inline constructs, tried at each special character.
_SPECIAL = re.compile(r"[\\`$<!\[\]*_~&{]|(?<![\w/.])(?:(?:https?|ftp)://|www\.)")
# A type in braces as API references write them ("Returns: {Promise}", "an {fs.Dirent}") or a
# MyST role before its code ("{mod}`ensurepip`"): code, whose article a checker cannot judge.
_BRACED_NAME = re.compile(r"\{[A-Za-z_$][\w.$|<>\[\]:/-]{0,60}\}")
_GLUED_SUFFIX = re.compile(r"[a-z]{1,3}\b")
# A Hugo shortcode: "{{< ref "install.md" >}}" stands for something (code); "{{% note %}}" and
# "{{% /note %}}" around text are markup.
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)[^\n{}]{0,300}?[>%]\}\}")
# An MDX (Docusaurus) import or export line: code, not a sentence.
_ESM = re.compile(
    r"import\s+(?:[\w*{}\s,]+?\s+from\s+)?[\"'][^\"'\n]+[\"'];?"
    r"|export\s+(?:default|const|let|var|function|class)\b.*"
)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]+)>")
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
# Inline elements whose content is code: "<code>pip install</code>".
_CODE_TAG = re.compile(r"<(code|kbd|samp|var|tt)\b[^<>]*>", re.I)
# In an HTML block, the elements that end a paragraph ("<summary>…</summary>", "<p>", a cell),
# and those whose content is never prose, skipped to their closing tag.
_HTML_BLOCK_TAG = re.compile(
    r"<(/?)(p|div|summary|details|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|tfoot|caption|"
    r"h[1-6]|br|hr|section|header|footer|nav|figure|figcaption|blockquote|center|article|aside|main|"
    r"picture|source|pre|script|style|textarea|svg|math|template|noscript)\b[^<>]*>",
    re.I,
)
_HTML_RAW_ELEMENTS = frozenset({"pre", "script", "style", "textarea", "svg", "math", "template", "noscript"})
_LINE_TEXT = re.compile(r"[^\r\n]+")


@functools.cache
def _closing_tag(name: str) -> re.Pattern[str]:
    """The closing tag of an HTML element (``</code>``, ``</PRE >``), compiled once per name."""
    return re.compile(rf"</{re.escape(name)}\s*>", re.I)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
# A row of badges: two or more images, each alone or as a link's text, with only whitespace
# between ("[![PyPI](…)](…) [![CI][ci-badge]][ci]"). Each alt text is a label of its own, which
# a checker reading the row as one sentence would take for "PyPI PyPI", a repeated word.
_DESTINATION = r"(?:\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)|\[[^\[\]\n]*\])"
_BADGE = rf"(?:!\[[^\[\]\n]*\]{_DESTINATION}|\[!\[[^\[\]\n]*\]{_DESTINATION}\]{_DESTINATION})"
_BADGE_ROW = re.compile(rf"{_BADGE}(?:\s+{_BADGE})+")
_URL_END = re.compile(r"[^\s<>`]*")
_MATH_CLOSE = re.compile(r"(?<![\s\\])\$(?!\d)")
_BACKTICKS = re.compile(r"`+")
_BRACKET = re.compile(r"\\[\s\S]|[\[\]]")
_PAREN = re.compile(r"\\[\s\S]|[()]")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# GitHub's alert marker, the first line of a block quote: markup, not prose.
_ALERT = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.I)
# A container's fence (Docusaurus and VitePress admonitions, markdown-it-container): ":::tip
# Title", ":::". Markup; the title is a label.
_CONTAINER_FENCE = re.compile(r":{3,}[ \t]*(?:[A-Za-z][\w-]*(?:[ \t].*)?)?")
# A task list item's box: "- [x] done".
_TASK_BOX = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\][ \t]+)")
# An attribute list closing a heading (Pandoc, kramdown, Python-Markdown's attr_list).
_HEADING_ATTRIBUTES = re.compile(r"[ \t]+\{:?[ \t]*[#.][^{}]*\}[ \t]*$")


# A content tab's marker (pymdownx.tabbed, as MkDocs Material writes it): `=== "Linux"`.
_CONTENT_TAB = re.compile(r'===[+!]?[ \t]+"[^"\n]*"[ \t]*$')


def _content_tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """``=== "Title"`` and its body, indented four spaces: the body is prose, not a code
    block; the title is a label, not a sentence."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[start : start + 3] != "===":
        return False
    if not _CONTENT_TAB.match(state.src, start, state.eMarks[start_line]):
        return False
    if silent:
        return True
    indent = state.sCount[start_line] + 4
    end = line = start_line + 1  # end: past the body's last non-blank line
    while line < end_line and (state.isEmpty(line) or state.sCount[line] >= indent):
        if not state.isEmpty(line):
            end = line + 1
        line += 1
    old = state.parentType, state.lineMax, state.blkIndent
    state.push("content_tab_open", "div", 1).map = [start_line, end]
    state.parentType, state.lineMax, state.blkIndent = "content_tab", end, indent
    state.md.block.tokenize(state, start_line + 1, end)
    state.parentType, state.lineMax, state.blkIndent = old
    state.push("content_tab_close", "div", -1)
    state.line = end
    return True


@functools.cache
def _markdown_it() -> MarkdownIt:
    """One configured instance, shared: parsing keeps its state in per-call objects."""
    md = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(dollarmath_plugin)
        .use(footnote_plugin)
        .use(admon_plugin)  # "!!! note", "??? tip": their indented bodies are prose, not code
    )
    md.block.ruler.before(
        "fence", "content_tab", _content_tab, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    # Blocks only: inline text is read from the source by `_Inline`; footnotes stay in place.
    md.disable(["inline", "text_join", "footnote_tail"], ignoreInvalid=True)
    md.parse("")  # compile the rule chains now, not in whichever thread parses first
    return md


class MarkdownParser:
    """CommonMark with GFM tables, ``$`` math, footnotes, YAML/TOML front matter, admonitions
    (``!!! note "Title"``) and content tabs (``=== "Linux"``) as MkDocs writes them, GitHub's
    alerts (``> [!NOTE]``), attribute lists after headings (``# Install {#install}``), Hugo
    shortcodes, ``:::`` containers and MDX's import and export lines."""

    language = "markdown"

    def __init__(self) -> None:
        self._md = _markdown_it()

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument:
        builder = ProseBuilder(source, language=self.language, path=path)
        writer = ProseWriter(builder, source, collapse=False)
        _Walker(source, writer, self._md).run()
        writer.finish(len(source))
        return builder.build()


class _Walker:
    """Walks markdown-it's blocks chunk by chunk and sends each block's lines to `_Inline`."""

    def __init__(self, source: str, writer: ProseWriter, md: MarkdownIt) -> None:
        # markdown-it replaces NUL; doing the same here (same length) keeps lines comparable.
        self.text = source.replace("\0", "\ufffd") if "\0" in source else source
        self.w = writer
        self.md = md
        self.starts = [0]
        self.ends: list[int] = []
        for m in _NEWLINE.finditer(self.text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(self.text))
        self.refs = {normalizeReference(m.group(1)) for m in _REFERENCE_DEF.finditer(self.text)}
        self.last = ""  # kind of the last block written: "text", "math" or "" (anything else)
        self._last_closing: dict[tuple[str, str], int] = {}  # where each shortcode last closes, or -1

    def line(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def closes_after(self, delimiter: str, name: str, at: int) -> bool:
        """Whether a shortcode ``name`` with ``delimiter`` (``<`` or ``%``) is closed after
        source position ``at``: where each last closes is found once a document, not once an opener."""
        key = (delimiter, name)
        if key not in self._last_closing:
            d, n = re.escape(delimiter), re.escape(name)
            closing = re.compile(rf"\{{\{{{d}\s*/\s*{n}\s*[>%]\}}\}}")
            self._last_closing[key] = max((m.start() for m in closing.finditer(self.text)), default=-1)
        return self._last_closing[key] >= at

    def run(self) -> None:
        first = self._front_matter()
        for a, b in self._chunks(first):
            end = self.starts[b] if b < len(self.starts) else len(self.text)
            tokens = self.md.parse(self.text[self.starts[a] : end], {})
            self._blocks(tokens, a)

    def _front_matter(self) -> int:
        closers = _FRONT_MATTER.get(self.line(0).rstrip())
        if not closers:
            return 0
        for i in range(1, len(self.starts)):
            if self.line(i).rstrip() in closers:
                return i + 1
        return 0

    def _chunks(self, first: int) -> Iterator[tuple[int, int]]:
        """Line ranges to parse separately, cut only where no open block spans the cut."""
        n = len(self.starts)
        start = first
        fence = ""  # the open fence's marker run, or ""
        raw_end = ""  # the end marker of an open raw HTML block, or ""
        math = False
        blank = True
        for i in range(first, n):
            line = self.line(i)
            stripped = line.strip()
            if fence:
                if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                    fence = ""
                continue
            if raw_end:
                if raw_end in line.lower():
                    raw_end = ""
                continue
            if math:
                if "$$" in line:
                    math = False
                continue
            if (
                blank
                and stripped
                and line[0] not in " \t"
                and i > start
                and self.starts[i] - self.starts[start] >= _CHUNK_CHARS
            ):
                yield start, i
                start = i
            blank = not stripped
            if m := _FENCE.match(line):
                fence = m.group(1)
                if fence[0] == "`" and "`" in line[m.end() :]:
                    fence = ""  # an inline code span, not a fence
            elif m := _HTML_RAW.match(line):
                group = m.lastindex or 1
                marker = f"</{m.group(1).lower()}>" if group == 1 else _HTML_RAW_END[group]
                if marker not in line[m.end() :].lower():
                    raw_end = marker
            elif m := _MATH_FENCE.match(line):
                math = "$$" not in line[m.end() :]
        if start < n:
            yield start, n

    def _blocks(self, tokens: list[Token], offset: int) -> None:
        row: tuple[int, int] | None = None
        cells = 0
        previous = ""
        for tok in tokens:
            if tok.type == "tr_open" and tok.map:
                row, cells = (tok.map[0] + offset, tok.map[1] + offset), 0
            elif tok.type == "tr_close" and row is not None:
                self._row(row[0], cells)
                row = None
            elif tok.type == "inline" and tok.map:
                if row is not None:
                    cells += 1
                elif previous == "admonition_title_open" and f'"{tok.content}"' not in self.line(
                    tok.map[0] + offset
                ):
                    self.last = ""  # "!!! note" has no title of its own: markdown-it writes "Note"
                elif previous == "paragraph_open" and all(
                    _ESM.fullmatch(line.strip()) for line in tok.content.split("\n") if line.strip()
                ):
                    self.last = ""  # MDX's "import Tabs from '@theme/Tabs';": code
                else:
                    self._inline(tok.map[0] + offset, tok.content, heading=previous == "heading_open")
                    self.last = "text" if previous == "paragraph_open" else ""
            elif tok.type in ("math_block", "math_block_label") and tok.map:
                self._math(tok.map[0] + offset, tok.map[1] + offset, tok.content)
            elif tok.type == "html_block" and tok.map:
                self._html(tok.map[0] + offset, tok.map[1] + offset)
                self.last = ""
            elif tok.type != "paragraph_open" and (tok.type.endswith("_open") or tok.map):
                self.last = ""
            previous = tok.type

    def _begin(self, line: int, *, glue: bool) -> None:
        """Start a block: a paragraph break, or a line break when it continues the sentence."""
        at = self.starts[line]
        if glue:
            self.w.space(self.ends[line - 1] if line else at, at)
        else:
            self.w.paragraph(at)

    def _inline(self, first: int, content: str, *, heading: bool = False) -> None:
        ranges: list[tuple[int, int]] = []
        for i, piece in enumerate(content.split("\n")):
            if first + i >= len(self.starts):
                break
            found = self._locate(first + i, piece)
            if found:
                ranges.append(found)
        if ranges and _ALERT.fullmatch(self.text, *ranges[0]) and self.line(first).lstrip().startswith(">"):
            ranges = ranges[1:]  # "> [!NOTE]": the alert's kind
        ranges = [r for r in ranges if not _CONTAINER_FENCE.fullmatch(self.text, *r)]  # ":::tip"
        if (
            ranges
            and (m := _TASK_BOX.match(self.line(first)))
            and self.starts[first] + m.start(1) == ranges[0][0]
        ):
            ranges[0] = (self.starts[first] + m.end(1), ranges[0][1])  # "- [x] done": the box
        if ranges and heading and (m := _HEADING_ATTRIBUTES.search(self.text, *ranges[-1])):
            ranges[-1] = (ranges[-1][0], m.start())
        if not ranges:
            return
        glue = self.last == "math" and self.text[ranges[0][0]].islower()
        self._begin(first, glue=glue)
        _Inline(self, ranges).run()

    def _html(self, first: int, last: int) -> None:
        """An HTML block's text ("<summary>Options</summary>", "<p align="center">A tool…</p>"):
        a paragraph between elements that end one; code, scripts and comments are not prose."""
        text = self.text
        start, end = self.starts[first], self.ends[min(last, len(self.ends)) - 1]
        cut = pos = start
        while m := _HTML_BLOCK_TAG.search(text, pos, end):
            self._html_text(cut, m.start())
            cut = pos = m.end()
            name = m.group(2).lower()
            if name in _HTML_RAW_ELEMENTS and not m.group(1):
                close = _closing_tag(name).search(text, pos, end)
                cut = pos = close.end() if close else end
        self._html_text(cut, end)

    def _html_text(self, a: int, b: int) -> None:
        """The text between two block elements, read as a paragraph (inline tags are dropped)."""
        ranges = []
        for m in _LINE_TEXT.finditer(self.text, a, b):
            line = m.group()
            if line.strip():
                start = m.start() + len(line) - len(line.lstrip())
                ranges.append((start, m.start() + len(line.rstrip())))
        if ranges:
            self.w.paragraph(ranges[0][0])
            _Inline(self, ranges).run()

    def _locate(self, i: int, piece: str) -> tuple[int, int] | None:
        """Where a line of a block's content sits on its source line (after any prefix)."""
        piece = piece.strip(" \t")
        if not piece:
            return None
        start, end = self.starts[i], self.ends[i]
        while end > start and self.text[end - 1] in " \t":
            end -= 1
        if self.text.endswith(piece, start, end):
            return end - len(piece), end
        at = self.text.rfind(piece, start, end)
        if at >= 0:
            return at, at + len(piece)
        line = self.text[start:end]
        skip = len(line) - len(line.lstrip(" \t>"))
        return (start + skip, end) if start + skip < end else None

    def _row(self, i: int, count: int) -> None:
        """A table row: each cell is its own paragraph."""
        start, end = self.starts[i], self.ends[i]
        cells: list[tuple[int, int]] = []
        pos = start
        while pos < end and self.text[pos] in " \t":
            pos += 1
        if pos < end and self.text[pos] == "|":
            pos += 1
        cell = pos
        while pos < end and len(cells) < count:
            ch = self.text[pos]
            if ch == "\\":
                pos += 2
                continue
            if ch == "|":
                cells.append((cell, pos))
                cell = pos + 1
            pos += 1
        if len(cells) < count and cell < end:
            cells.append((cell, end))
        for first, last in cells:
            a, b = first, last
            while a < b and self.text[a] in " \t":
                a += 1
            while b > a and self.text[b - 1] in " \t":
                b -= 1
            if a < b:
                self.w.paragraph(a)
                _Inline(self, [(a, b)]).run()
        self.last = ""

    def _math(self, first: int, last: int, content: str) -> None:
        """Display math: one placeholder, continuing the paragraph before it."""
        self._begin(first, glue=self.last == "text")
        start, end = self.starts[first], self.ends[max(first, last - 1)]
        body = content.rstrip()
        suffix = body[-1] if body[-1:] in (".", ",", ";", ":") else ""
        self.w.placeholder(start, end, MATH, suffix)
        self.last = "math"


class _Inline:
    """Inline Markdown over a block's lines (see ``Lines``)."""

    def __init__(self, walker: _Walker, ranges: list[tuple[int, int]]) -> None:
        self.wk = walker
        self.w = walker.w
        self.lines = Lines(walker.w, walker.text, ranges)
        self.s = self.lines.text
        self.skip: dict[int, int] = {}  # "]" position -> end of the link destination to skip
        self._brackets: dict[int, int] | None = None
        self._parens: dict[int, int] | None = None
        self._ticks: dict[int, list[int]] | None = None
        self._emphasis: dict[int, int] | None = None
        self._badges: tuple[frozenset[int], frozenset[int]] | None = None
        self._math_cache: tuple[int, int] = (-1, -1)

    # -- the scan ------------------------------------------------------------------
    def run(self) -> None:
        s = self.s
        n = len(s)
        i = lit = 0
        while m := _SPECIAL.search(s, i):
            p = m.start()
            self.lines.literal(lit, p)
            lit = p
            end = self._construct(p, m.group())
            if end is None:
                i = p + 1
            else:
                i = lit = end
        self.lines.literal(lit, n)

    def _construct(self, p: int, tok: str) -> int | None:
        """Handle the construct at ``p``; its end, or None when ``p`` is literal text."""
        s = self.s
        c = tok[0]
        if p in self.skip:
            end = self.skip[p]
            if end in self._badge_rows()[1]:
                self.w.paragraph(self.lines.source(end))  # the text after a row of badges
            return end
        if c == "\\":
            nxt = s[p + 1 : p + 2]
            if nxt in _PUNCT:
                self.lines.replace(p, p + 2, nxt)
                return p + 2
            if nxt == "\n":
                self.lines.space(p, p + 2)
                return p + 2
            return None
        if c == "`":
            return self._code(p)
        if c == "$":
            return self._dollar(p)
        if c == "<":
            return self._angle(p)
        if c == "!":
            if not s.startswith("[", p + 1):
                return None
            if p in self._badge_rows()[0]:
                self.w.paragraph(self.lines.source(p))
            return self._link(p + 1)
        if c == "[":
            if m := _FOOTNOTE_REF.match(s, p):
                return m.end()
            return self._link(p)
        if c in "*_~":
            return self._delimiters(p, c)
        if c == "&":
            m = _ENTITY.match(s, p)
            if m:
                decoded = html.unescape(m.group())
                if decoded != m.group():
                    self.lines.replace(p, m.end(), decoded)
                    return m.end()
            return None
        if c in "hfw":
            return self._url(p)
        if c == "{" and (m := _SHORTCODE.match(s, p)):
            if not m.group(2) and not self._paired(m):
                self.lines.placeholder(p, m.end(), CODE)
            return m.end()
        if c == "{" and (m := _BRACED_NAME.match(s, p)):
            end = m.end()
            if s.startswith("`", end) and (closed := self._code_end(end)) is not None:
                end = closed  # a MyST role and its code: one thing
            elif suffix := _GLUED_SUFFIX.match(s, end):
                end = suffix.end()  # "{net.SocketAddress}es": a plural of the type
            self.lines.placeholder(p, end, CODE)
            return end
        return None

    def _paired(self, m: re.Match[str]) -> bool:
        """Whether the shortcode opened by ``m`` is closed later in the document."""
        return self.wk.closes_after(m.group(1), m.group(3), self.lines.source(m.end()))

    def _code(self, p: int) -> int:
        end = self._code_end(p)
        if end is not None:
            self.lines.placeholder(p, end, CODE)
            return end
        m = _BACKTICKS.match(self.s, p)
        assert m is not None
        self.lines.copy(p, m.end())
        return m.end()

    def _code_end(self, p: int) -> int | None:
        """The end of the code span whose backticks open at ``p``; None when they never close."""
        s = self.s
        m = _BACKTICKS.match(s, p)
        assert m is not None
        width = m.end() - p
        if self._ticks is None:
            self._ticks = {}
            for r in _BACKTICKS.finditer(s):
                self._ticks.setdefault(r.end() - r.start(), []).append(r.start())
        runs = self._ticks.get(width, [])
        k = bisect.bisect_right(runs, p)
        return runs[k] + width if k < len(runs) else None

    def _dollar(self, p: int) -> int | None:
        s = self.s
        if s.startswith("$$", p):
            end = s.find("$$", p + 2)
            if end < 0:
                return None
            body = s[p + 2 : end].rstrip()
            suffix = body[-1] if body[-1:] in (".", ",", ";", ":") else ""
            self.lines.placeholder(p, end + 2, MATH, suffix)
            return end + 2
        if p + 1 >= len(s) or s[p + 1].isspace():
            return None
        close = self._math_close(p + 2)
        if close < 0:
            return None
        self.lines.placeholder(p, close + 1, MATH)
        return close + 1

    def _math_close(self, start: int) -> int:
        """The next closing ``$`` at or after ``start``; closers do not depend on the opener."""
        since, found = self._math_cache
        if since >= 0 and since <= start and (found < 0 or found >= start):
            return found
        m = _MATH_CLOSE.search(self.s, start)
        found = m.start() if m else -1
        self._math_cache = (start, found)
        return found

    def _angle(self, p: int) -> int | None:
        s = self.s
        if m := _AUTOLINK.match(s, p):
            self.lines.placeholder(p, m.end(), LINK)
            return m.end()
        if s.startswith("<!--", p):
            end = s.find("-->", p + 4)
            return end + 3 if end >= 0 else None
        if s.startswith("<?", p):
            end = s.find("?>", p + 2)
            return end + 2 if end >= 0 else None
        if s.startswith("<![CDATA[", p):
            end = s.find("]]>", p + 9)
            return end + 3 if end >= 0 else None
        if (m := _CODE_TAG.match(s, p)) and (
            close := _closing_tag(m.group(1)).search(s, m.end(), m.end() + 1000)
        ):
            self.lines.placeholder(p, close.end(), CODE)  # "<code>pip install</code>"
            return close.end()
        if m := _TAG.match(s, p):
            if _BREAK_TAG.fullmatch(m.group()):
                self.w.line_break(self.lines.source(p), self.lines.source(m.end()))
            return m.end()
        return None

    def _link(self, p: int) -> int | None:
        """A link or image whose text starts after the "[" at ``p``: drop the markup, keep the text."""
        s = self.s
        close = self._bracket_match(p)
        if close is None:
            return None
        after = close + 1
        end: int | None = None
        if s.startswith("(", after):
            if self._parens is None:
                self._parens = _match_parens(s)
            close_paren = self._parens.get(after)
            end = None if close_paren is None else close_paren + 1
        elif s.startswith("[", after):
            label_end = self._bracket_match(after)
            if label_end is not None:
                label = s[after + 1 : label_end] or s[p + 1 : close]
                if normalizeReference(label) in self.wk.refs:
                    end = label_end + 1
        if end is None and normalizeReference(s[p + 1 : close]) in self.wk.refs:
            end = after
        if end is None:
            return None
        self.skip[close] = end
        return p + 1

    def _badge_rows(self) -> tuple[frozenset[int], frozenset[int]]:
        """Where each image in a row of badges starts, and where each row ends."""
        if self._badges is None:
            rows = list(_BADGE_ROW.finditer(self.s)) if "![" in self.s else []
            starts = (i for row in rows for i in range(row.start(), row.end()) if self.s.startswith("![", i))
            self._badges = frozenset(starts), frozenset(row.end() for row in rows)
        return self._badges

    def _bracket_match(self, p: int) -> int | None:
        if self._brackets is None:
            self._brackets = _match_brackets(self.s)
        return self._brackets.get(p)

    def _delimiters(self, p: int, c: str) -> int | None:
        if self._emphasis is None:
            self._emphasis = _match_emphasis(self.s)
        return self._emphasis.get(p)

    def _url(self, p: int) -> int | None:
        m = _URL_END.match(self.s, p)
        assert m is not None
        end = m.end()
        while end > p and self.s[end - 1] in ".,:;!?\"'*_~":
            end -= 1
        while end > p and self.s[end - 1] == ")" and self.s.count("(", p, end) < self.s.count(")", p, end):
            end -= 1
        if end - p < 8:
            return None
        self.lines.placeholder(p, end, LINK)
        return end


def _match_brackets(s: str) -> dict[int, int]:
    """Each "[" with its matching "]" in one pass; escaped brackets do not count."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKET.finditer(s):
        c = m.group()
        if c == "[":
            stack.append(m.start())
        elif c == "]" and stack:
            out[stack.pop()] = m.start()
    return out


_DELIMITER_RUN = re.compile(r"\*+|_+|~~(?!~)")


def _match_emphasis(s: str) -> dict[int, int]:
    """Emphasis and strikethrough runs that pair up, start -> end; unpaired ones stay text.

    A simplified CommonMark delimiter algorithm: flanking decides whether a run can
    open or close, and each closer pairs with the nearest opener of its character.
    """
    out: dict[int, int] = {}
    stack: list[tuple[int, int, str]] = []
    n = len(s)
    for m in _DELIMITER_RUN.finditer(s):
        p, end = m.start(), m.end()
        if p and (s[p - 1] == "\\" or (s[p - 1] == "~" and m.group()[0] == "~")):
            continue
        c = s[p]
        before = s[p - 1] if p else " "
        after = s[end] if end < n else " "
        left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
        right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
        if c == "_":
            can_open = left and (not right or before in _PUNCT)
            can_close = right and (not left or after in _PUNCT)
        else:
            can_open, can_close = left, right
        if can_close:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][2] == c:
                    start, stop, _ = stack[k]
                    out[start] = stop
                    out[p] = end
                    del stack[k:]
                    break
            else:
                if can_open:
                    stack.append((p, end, c))
                continue
            continue
        if can_open:
            stack.append((p, end, c))
    return out


def _match_parens(s: str) -> dict[int, int]:
    """Each "(" with its matching ")" in one pass; escaped parentheses do not count."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for m in _PAREN.finditer(s):
        c = m.group()
        if c == "(":
            stack.append(m.start())
        elif c == ")" and stack:
            out[stack.pop()] = m.start()
    return out
