"""AsciiDoc to prose with a line-based scanner of our own.

Asciidoctor is Ruby and its Python ports rewrite the text without keeping offsets, so
findings could not be mapped back. AsciiDoc is line-oriented, like reST: delimited
blocks (``----`` listing, ``....`` literal, ``++++`` passthrough, ``////`` comment,
Markdown fences) are skipped; example, sidebar, quote and open blocks (``====``,
``****``, ``____``, ``--``) hold prose; a block attribute line (``[source]``,
``[verse]``, ``[NOTE]``) gives the next block its style; section titles, block titles,
list items, description lists and table cells are paragraphs of their own. Inline
markup follows Asciidoctor's constrained and unconstrained pairs and its macros, plus
AsciiDoc.py's ``'emphasis'``, in which git's manuals write command names.
"""

from __future__ import annotations

import html
import re

from wa_core.document import ProseBuilder, ProseDocument
from wa_core.parsers.writer import CITATION, CODE, LINK, MATH, TERM, Lines, ProseWriter


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEWLINE = re.compile(r"\r\n?|\n")
_SECTION = re.compile(r"(={1,6}|#{1,6})[ \t]+(?=\S)")
_SECTION_CLOSE = re.compile(r"[ \t]+=+[ \t]*$")  # "== Title ==", AsciiDoc.py's symmetric form
_UNDERLINE = re.compile(r"(=+|-+|~+|\^+|\++)[ \t]*")
_BLOCK_TITLE = re.compile(r"\.(?=[^\s.])")
_ATTRIBUTE_LIST = re.compile(r"\[(?:[^\[\]]*|\[[^\[\]]*\]|\[\[[^\[\]]*\]\])\][ \t]*")
_ATTRIBUTE_ENTRY = re.compile(r":(!?)(\w[\w-]*)(!?):(?:[ \t]+(.*?))?[ \t]*")
_PREPROCESSOR = re.compile(r"(?:ifn?def|ifeval|endif|include)::[^\[\s]*\[.*\][ \t]*")
_BLOCK_MACRO = re.compile(r"[A-Za-z][\w-]*::[^\s\[]*\[.*\][ \t]*")
_BREAK = re.compile(r"(?:'{3,}|<{3,}|(?:-[ \t]?){2}-|(?:\*[ \t]?){2}\*|(?:_[ \t]?){2}_)[ \t]*")
_DELIMITER = re.compile(r"(-{4,}|\.{4,}|\+{4,}|/{4,}|={4,}|\*{4,}|_{4,}|--|`{3,}[\w+#.-]*)[ \t]*")
_TABLE = re.compile(r"([|!,:])={3,}[ \t]*")
_LIST = re.compile(
    r"(?:\*{1,5}|-|\.{1,5}|\d{1,9}\.|[a-zA-Z]\.|[ivxlcdmIVXLCDM]{1,6}\)|<(?:\d{1,3}|\.)>)"
    r"[ \t]+(?:\[[ xX*]\][ \t]+)?(?=\S)"
)
_TERM = re.compile(r"(\S.*?)(?<!:)(:{2,4}|;;)(?:[ \t]+(?=\S)|[ \t]*$)")
_ADMONITION = re.compile(r"(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):[ \t]+")
_QUOTE_LINE = re.compile(r">(?:[ \t]|$)")
_COMMENT = re.compile(r"//(?!//)")
# A term that holds code characters (an option, a path, a placeholder) names something.
_ANCHOR = re.compile(r"\[\[[^\[\]]*\]\]")
_CODE_TERM = re.compile(r"^[-+./$@]|[<>=\[\]{}/\\|$@]")

# Styles whose block is not prose: code, raw output, math, comments, verse (git's manuals
# write their synopses as verse) and diagrams.
_SKIPPED_STYLES = _words(
    "source listing literal pass stem latexmath asciimath comment verse "
    "a2s actdiag blockdiag bpmn bytefield d2 ditaa erd graphviz mermaid nomnoml nwdiag "
    "packetdiag pikchr plantuml rackdiag seqdiag shaape svgbob symbolator syntrax "
    "tikz umlet vega vegalite wavedrom structurizr dbml barcode"
)
_SKIPPED_DELIMITERS = frozenset("-.+/`")  # listing, literal, passthrough, comment, fence
_SKIPPED_CELLS = frozenset("lmv")  # literal, monospace and verse cells


class AsciidocParser:
    """AsciiDoc as Asciidoctor reads it, with AsciiDoc.py's forms that older manuals use."""

    language = "asciidoc"

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument:
        builder = ProseBuilder(source, language=self.language, path=path)
        writer = ProseWriter(builder, source, collapse=False)
        _Blocks(source, writer, _lines(source, 0, len(source)), {}).run(header=True)
        writer.finish(len(source))
        return builder.build()


_UNDERLINE_LEVELS = {"=": 0, "-": 1, "~": 2, "^": 3, "+": 4}


def two_line_title_level(title: str, underline: str) -> int | None:
    """The section level of a two-line title (text, then a line of one character about as long:
    "=" for the document's title, "-" for a section, then "~", "^", "+"), or None when
    ``title`` and ``underline`` are not one ("Run:" before a listing's "----" is not)."""
    title, underline = title.rstrip(), underline.rstrip()
    if not _UNDERLINE.fullmatch(underline) or abs(len(title) - len(underline)) > 2 or len(underline) < 2:
        return None
    if not re.match(r"\w", title) or title.endswith(":") or _LIST.match(title):
        return None
    return _UNDERLINE_LEVELS[underline[0]]


def verbatim_closing(line: str) -> str | None:
    """The line that closes the verbatim block ``line`` opens (a listing, literal, passthrough
    or comment block, or a fence: never prose); None when it opens none."""
    m = _DELIMITER.fullmatch(line)
    if m is None or m.group(1)[0] not in _SKIPPED_DELIMITERS or m.group(1) == "--":
        return None
    return _closing_line(m.group(1))


def _closing_line(delimiter: str) -> str:
    """The line that closes a block ``delimiter`` opens: the same line, or a fence's backticks."""
    return delimiter[: len(delimiter) - len(delimiter.lstrip("`"))] or delimiter  # ```lang


def _lines(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the lines of ``source[start:end]``, without their line breaks."""
    out = []
    for m in _NEWLINE.finditer(source, start, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    return out


class _Blocks:
    """The block structure of a run of lines (a document, or a table cell in AsciiDoc style)."""

    def __init__(
        self, source: str, writer: ProseWriter, lines: list[tuple[int, int]], attributes: dict[str, str]
    ) -> None:
        self.src = source
        self.w = writer
        self.lines = lines
        self.count = len(lines)
        self.attributes = attributes  # the document's attribute entries so far, for {name}
        self.style: str | None = None  # the next block's style, from an attribute list
        self.named: dict[str, str] = {}  # the next block's named attributes (cols, format)
        self.after_term = False  # a description list's term awaits its description
        self.in_list = False
        self.attached = False  # after a "+" line in a list

    def line(self, i: int) -> str:
        a, b = self.lines[i]
        return self.src[a:b]

    def blank(self, i: int) -> bool:
        return i >= self.count or not self.line(i).strip()

    def run(self, *, header: bool = False) -> None:
        i = self._header() if header else 0
        while i < self.count:
            i = self._block(i)

    def _header(self) -> int:
        """A document title ("= Title") and the author, revision and attribute lines under it."""
        i = 0
        while i < self.count and (self.blank(i) or self._directive(self.line(i))):
            i += 1
        if i >= self.count or not re.match(r"=[ \t]+\S", self.line(i)):
            return 0
        self._prose([self._content(i, 2)])
        self.w.paragraph(self.lines[i][1])
        i += 1
        while not self.blank(i):
            self._directive(self.line(i))  # attribute entries count; the author and revision lines do not
            i += 1
        return i

    def _directive(self, line: str) -> bool:
        """A line comment, a preprocessor directive or an attribute entry: never prose."""
        text = line.strip()
        if _COMMENT.match(text) or _PREPROCESSOR.fullmatch(text):
            return True
        m = _ATTRIBUTE_ENTRY.fullmatch(text)
        if m is None:
            return False
        name = m.group(2).lower()
        if m.group(1) or m.group(3):
            self.attributes.pop(name, None)
        else:
            self.attributes[name] = (m.group(4) or "").rstrip(" \\+")
        return True

    def _content(self, i: int, skip: int) -> tuple[int, int]:
        a, b = self.lines[i]
        a += len(self.line(i)) - len(self.line(i).lstrip()) + skip
        while a < b and self.src[a] in " \t":
            a += 1
        return a, b

    def _block(self, i: int) -> int:
        line = self.line(i)
        if not line.strip():
            self.w.paragraph(self.lines[i][0])
            return i + 1
        text = line.strip()
        lead = len(line) - len(line.lstrip())
        self.w.paragraph(self.lines[i][0] + lead)
        if _DELIMITER.fullmatch(text) or _TABLE.fullmatch(text):
            return self._delimited(i, text)
        if self._directive(line):
            if _ATTRIBUTE_ENTRY.fullmatch(text):
                while text.endswith((" \\", " +")) and i + 1 < self.count:
                    i += 1  # a value continued on the next line
                    text = self.line(i).strip()
            return i + 1
        if _ATTRIBUTE_LIST.fullmatch(text):
            self._attributes(text[1:].rstrip()[:-1])
            return i + 1
        if _BLOCK_TITLE.match(text) and lead == 0:
            self._title(i, 1)
            return i + 1
        section = _SECTION.match(text)
        if section and lead == 0:
            a, b = self._content(i, section.end())
            close = _SECTION_CLOSE.search(self.src, a, b)
            self._prose([(a, close.start() if close and text[0] == "=" else b)])
            self.w.paragraph(b)
            self._clear()
            return i + 1
        if lead == 0 and self._underlined(i):
            self._title(i, 0)
            return i + 2
        if text == "+":
            self.attached = self.in_list  # a list continuation: the next block belongs to the item
            return i + 1
        if _BLOCK_MACRO.fullmatch(text) or _BREAK.fullmatch(text):
            return i + 1
        style, self.style = self.style, None
        self.named = {}
        after_term, self.after_term = self.after_term, False
        attached, self.attached = self.attached, False
        if style in _SKIPPED_STYLES:
            return self._skip_paragraph(i)  # a paragraph styled as code, verse or a diagram
        marker = _LIST.match(text)
        if marker:
            self.in_list = True
            return self._paragraph(i, lead + marker.end(), item=True)
        term = _TERM.match(text)
        if term and (lead == 0 or self.in_list):
            return self._term(i, lead, term)
        if lead > 0 and not after_term:
            return self._skip_paragraph(i)  # a literal paragraph (a description's may be indented)
        self.in_list = self.in_list and (lead > 0 or after_term or attached)
        if _QUOTE_LINE.match(text):
            return self._blockquote(i)
        admonition = _ADMONITION.match(text)
        start = lead + (admonition.end() if admonition else 0)
        return self._paragraph(i, start, item=self.in_list)  # a description ends at the next term

    def _clear(self) -> None:
        self.style = None
        self.named = {}
        self.after_term = self.in_list = self.attached = False

    def _attributes(self, body: str) -> None:
        """A block attribute list: "[source,python]", "[NOTE]", "[cols="1,2a"]", "[[anchor]]"."""
        if body.startswith(("[", "#", ".", "%")) and "=" not in body.split(",", 1)[0]:
            return  # an anchor, an id or a role: the style is unchanged
        first = body.split(",", 1)[0].strip().strip('"')
        if first and "=" not in first:
            self.style = first.split("%", 1)[0].split("#", 1)[0].split(".", 1)[0].lower()
        for m in re.finditer(r"(\w[\w-]*)[ \t]*=[ \t]*(?:\"([^\"]*)\"|'([^']*)'|([^,\]]*))", body):
            self.named[m.group(1).lower()] = m.group(2) or m.group(3) or m.group(4) or ""

    def _title(self, i: int, skip: int) -> None:
        a, b = self._content(i, skip)
        self._prose([(a, b)])
        self.w.paragraph(b)

    def _underlined(self, i: int) -> bool:
        return i + 1 < self.count and two_line_title_level(self.line(i), self.line(i + 1)) is not None

    def _paragraph(self, i: int, start: int, *, item: bool) -> int:
        """A paragraph from column ``start`` of line ``i``; an item's ends at the next item."""
        a, b = self.lines[i]
        ranges = [(a + start, b)] if a + start < b else []
        j = i + 1
        while j < self.count and not self.blank(j):
            text = self.line(j).strip()
            if text == "+" or _DELIMITER.fullmatch(text) or _TABLE.fullmatch(text):
                break
            if _COMMENT.match(text) or _PREPROCESSOR.fullmatch(text):
                j += 1
                continue
            if item and (_LIST.match(text) or _TERM.match(text) or _ATTRIBUTE_LIST.fullmatch(text)):
                break
            ranges.append(self._content(j, 0))
            j += 1
        self._prose(ranges)
        return j

    def _term(self, i: int, lead: int, m: re.Match[str]) -> int:
        """A description list's term ("CPU::", "--verbose::"), then its description."""
        self.in_list = True
        a = self.lines[i][0] + lead
        term = _ANCHOR.sub("", m.group(1)).strip()  # "[[def_branch]]branch::": the anchor is markup
        if term and not _CODE_TERM.search(term) and not re.fullmatch(r"`[^`]*`|'[^']*'", term):
            self._prose([(a, a + len(m.group(1)))])
            self.w.paragraph(a + len(m.group(1)))
        if m.end() < len(self.line(i).strip()):
            return self._paragraph(i, lead + m.end(), item=True)
        self.after_term = True
        return i + 1

    def _skip_paragraph(self, i: int) -> int:
        while i < self.count and not self.blank(i):
            i += 1
        return i

    def _blockquote(self, i: int) -> int:
        """A Markdown-style quote: "> " lines."""
        ranges = []
        while i < self.count and _QUOTE_LINE.match(self.line(i).strip()):
            ranges.append(self._content(i, 1))
            i += 1
        self._prose(ranges)
        return i

    def _delimited(self, i: int, delimiter: str) -> int:
        """A delimited block: skipped, read as a table, or (prose blocks) read like the rest."""
        style, self.style = self.style, None
        named, self.named = self.named, {}
        self.after_term = False
        if verbatim_closing(delimiter) is not None or style in _SKIPPED_STYLES:
            return self._closing(i, delimiter) + 1
        table = _TABLE.fullmatch(delimiter)
        if table:
            closing = self._closing(i, delimiter)
            if table.group(1) in "|!" and named.get("format", "psv") == "psv":
                _Table(self, i + 1, closing, table.group(1), named).run()
            return closing + 1
        return i + 1  # a prose block's delimiter: its content is read as blocks

    def _closing(self, i: int, delimiter: str) -> int:
        """The line that closes the block ``delimiter`` opens on line ``i`` (the count if none)."""
        closing = _closing_line(delimiter)
        j = i + 1
        while j < self.count and self.line(j).strip() != closing:
            j += 1
        return j

    def _prose(self, ranges: list[tuple[int, int]]) -> None:
        ranges = [(a, b) for a, b in ranges if a < b]
        if ranges:
            _Inline(self.w, self.src, ranges, self.attributes).run()


class _Table:
    """The cells of a table: each a paragraph, skipped in literal, monospace or verse style."""

    _SPEC = r"(?:(?P<copies>\d+)\*)?(?:(?P<span>\d+)?(?:\.\d+)?\+)?[<^>]?(?:\.[<^>])?(?P<style>[adehlmsv]?)"

    def __init__(self, blocks: _Blocks, first: int, stop: int, sep: str, named: dict[str, str]) -> None:
        self.blocks = blocks
        self.first = first
        self.stop = stop
        # A separator anywhere unless escaped; a cell spec ("2+", "a", "3*m") only after a space.
        self.cell = re.compile(rf"(?:(?:(?<=\s)|^){self._SPEC})?(?<!\\){re.escape(sep)}", re.M)
        self.columns = self._columns(named.get("cols", ""))
        options = named.get("options", "") + named.get("opts", "")
        # The header row is read in the header's style, whatever its columns' styles are.
        self.header = "header" in options or (
            "noheader" not in options and first + 1 < stop and blocks.blank(first + 1)
        )

    @staticmethod
    def _columns(cols: str) -> list[str]:
        """The style letter of each column from a cols attribute ("1,2a", "3*", "2*m,1")."""
        out: list[str] = []
        if cols.strip().isdigit():
            return [""] * int(cols.strip())
        for spec in filter(None, (s.strip() for s in re.split(r"[,;]", cols))):
            m = re.fullmatch(r"(?:(\d+)\*)?[^a-z]*([adehlmsv]?)", spec)
            if m:
                out.extend([m.group(2)] * int(m.group(1) or 1))
        return out

    def run(self) -> None:
        b = self.blocks
        if self.first >= self.stop:
            return
        start = b.lines[self.first][0]
        end = b.lines[self.stop - 1][1]
        cells = list(self.cell.finditer(b.src, start, end))
        columns = self.columns or [""] * self._first_row(cells)
        column = 0
        for k, m in enumerate(cells):
            in_header = self.header and column < len(columns)
            letter = m.group("style") or ("h" if in_header else columns[column % len(columns)])
            column += int(m.group("span") or 1) * int(m.group("copies") or 1)
            a = m.end()
            z = cells[k + 1].start() if k + 1 < len(cells) else end
            if letter not in _SKIPPED_CELLS:
                self._cell(a, z, asciidoc=letter == "a")

    def _first_row(self, cells: list[re.Match[str]]) -> int:
        """Without cols, the number of cells on the first line that has any."""
        if not cells:
            return 1
        src = self.blocks.src
        first = cells[0].start()
        line_end = src.find("\n", first)
        line_end = len(src) if line_end < 0 else line_end
        return sum(1 for c in cells if first <= c.start() < line_end)

    def _cell(self, a: int, z: int, *, asciidoc: bool) -> None:
        b = self.blocks
        while a < z and b.src[a] in " \t":
            a += 1
        lines = _lines(b.src, a, z)
        b.w.paragraph(a)
        if asciidoc:
            _Blocks(b.src, b.w, lines, b.attributes).run()
        else:
            paragraph: list[tuple[int, int]] = []
            for s, e in [*lines, (z, z)]:
                if b.src[s:e].strip():
                    paragraph.append((s + len(b.src[s:e]) - len(b.src[s:e].lstrip()), e))
                    continue
                b._prose(paragraph)
                b.w.paragraph(s)
                paragraph = []
        b.w.paragraph(z)


# -- inline markup ---------------------------------------------------------------------
_B = r"(?<![\w\\])"  # a constrained pair opens after a non-word character
_E = r"(?![\w])"  # and closes before one
_TEXT = r"(?:[^\]\\]|\\[\s\S]){0,1000}"  # a macro's text in brackets
_INLINE = re.compile(
    r"(?P<escape>\\(?P<echar>[*_`#^~+{\[<'&|\\]))"
    r"|(?P<passthrough>\+\+\+[\s\S]{0,1000}?\+\+\+|pass:[a-z,]*\[" + _TEXT + r"\])"
    r"|(?P<code>``[\s\S]{1,1000}?``|\+\+[\s\S]{1,1000}?\+\+"
    rf"|{_B}`(?=[^\s`])[\s\S]{{0,1000}}?[^\s\\]`{_E}|{_B}\+(?=[^\s+])[^+\n]{{0,1000}}?[^\s\\+]\+{_E})"
    r"|(?P<url>(?<![\w/.:])(?:https?|ftp|irc|file)://[^\s\[\]<>]*[^\s\[\]<>.,;:!?\"')]"
    r"(?:\[(?P<utext>" + _TEXT + r")\])?|<(?:https?|ftp)://[^\s<>]+>)"
    r"|(?P<macro>(?<![\w:])(?P<mname>[a-z][\w-]*):(?!//)(?P<mtarget>[^\s\[\]]*)\[(?P<mtext>" + _TEXT + r")\])"
    r"|(?P<xref><<(?P<xid>[^,>\n]{1,200})(?:,[ \t]*(?P<xtext>[^>\n]{0,500}))?>>)"
    r"|(?P<bibanchor>\[\[\[[^\[\]\n]{1,200}\]\]\])"
    r"|(?P<anchor>\[\[[^\[\]\n]{1,200}\]\])"
    r"|(?P<hiddenindex>\(\(\([\s\S]{1,500}?\)\)\))"
    r"|(?P<index>\(\((?P<itext>[^()\n]{1,500})\)\))"
    r"|(?P<attribute>\{(?P<aname>\w[\w-]*)(?::[^}\n]{0,200})?\})"
    r"|(?P<charref>&(?:#\d{1,7}|#x[\da-fA-F]{1,6}|[a-zA-Z][a-zA-Z\d]{1,31});)"
    r"|(?P<role>\[[.#%][^\]\n]{0,100}\](?=[#*_`]))"
    r"|(?P<strong>\*\*(?P<s2>[\s\S]{1,1000}?)\*\*"
    rf"|{_B}\*(?=[^\s*])(?P<s1>[\s\S]{{0,1000}}?[^\s\\*])\*{_E})"
    r"|(?P<emphasis>__(?P<e2>[\s\S]{1,1000}?)__"
    rf"|{_B}_(?=[^\s_])(?P<e1>[\s\S]{{0,1000}}?[^\s\\_])_{_E})"
    # AsciiDoc.py's emphasis, in which git's manuals write names: 'git show-ref', 'next', 'A'
    r"|(?P<quoted>(?<![\w'\\])'(?=[^\s'])[^']{0,200}?[^\s\\']'(?![\w']))"
    # a value to fill in, shown as it is written ("<commit>", "<SHA-1 ID>"): AsciiDoc has no raw HTML
    r"|(?P<replaceable>(?<![<\w])<(?=[A-Za-z])[\w.:|-]{1,40}(?: [\w.:|-]{1,40}){0,3}>(?!>))"
    r"|(?P<mark>##(?P<m2>[\s\S]{1,1000}?)##"
    rf"|{_B}#(?=[^\s#])(?P<m1>[\s\S]{{0,1000}}?[^\s\\#])#{_E})"
    r"|(?P<sup>(?<!\\)\^(?P<suptext>[^\s^]{1,100})\^)"
    r"|(?P<sub>(?<![\\~])~(?P<subtext>[^\s~]{1,100})~(?!~))"
    r"|(?P<hardbreak>[ \t]\+(?=\n|$))"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[A-Za-z\d-]+(?:\.[A-Za-z\d-]+)+)"
)
# Asciidoctor's built-in attributes that stand for a character.
_CHARACTERS = {
    "amp": "&",
    "apos": "'",
    "asterisk": "*",
    "backslash": "\\",
    "backtick": "`",
    "blank": "",
    "brvbar": "¦",
    "caret": "^",
    "cpp": "C++",
    "deg": "°",
    "empty": "",
    "gt": ">",
    "ldquo": "“",
    "lsquo": "‘",
    "lt": "<",
    "nbsp": "\xa0",
    "plus": "+",
    "pp": "++",
    "quot": '"',
    "rdquo": "”",
    "rsquo": "’",
    "sp": " ",
    "startsb": "[",
    "endsb": "]",
    "tilde": "~",
    "two-colons": "::",
    "two-semicolons": ";;",
    "vbar": "|",
    "wj": "\u2060",
    "zwsp": "\u200b",
}
# An attribute's value stands in for the reference when it is plain words ("{product}").
_PLAIN_VALUE = re.compile(r"[\w .,'’&()-]{1,60}")
_LINKS = _words("link mailto")
_XREFS = _words("xref")
_FOOTNOTES = _words("footnote footnoteref")
_MATH_MACROS = _words("stem latexmath asciimath")
_NOTHING = _words("anchor indexterm")
_CODE_MACROS = _words("pass kbd")


class _Inline:
    def __init__(
        self, writer: ProseWriter, source: str, ranges: list[tuple[int, int]], attributes: dict[str, str]
    ) -> None:
        self.src = source
        self.lines = Lines(writer, source, ranges)
        self.s = self.lines.text
        self.attributes = attributes

    def run(self) -> None:
        self._run(0, len(self.s))

    def _run(self, a: int, b: int) -> None:
        lines = self.lines
        pos = a
        for m in _INLINE.finditer(self.s, a, b):
            lines.literal(pos, m.start())
            pos = m.end()
            self._markup(m)
        lines.literal(pos, b)

    def _markup(self, m: re.Match[str]) -> None:
        lines = self.lines
        kind = m.lastgroup  # the outermost group: an inner one closes before it
        a, b = m.span()
        if kind == "escape":
            lines.replace(a, b, m.group("echar"))
        elif kind in ("passthrough", "code"):
            lines.placeholder(a, b, CODE)
        elif kind == "url":
            self._text_or(m, "utext", a, b, LINK)
        elif kind == "macro":
            self._macro(m, a, b)
        elif kind == "xref":
            self._text_or(m, "xtext", a, b, TERM)
        elif kind == "bibanchor":
            lines.placeholder(a, b, CITATION)
        elif kind == "index":
            self._run(m.start("itext"), m.end("itext"))
        elif kind == "attribute":
            self._attribute(m.group("aname").lower(), a, b)
        elif kind == "charref":
            lines.replace(a, b, html.unescape(m.group()))
        elif kind in ("strong", "emphasis", "mark"):
            inner = next(g for g in ("s2", "s1", "e2", "e1", "m2", "m1") if m.group(g) is not None)
            self._run(m.start(inner), m.end(inner))
        elif kind in ("quoted", "replaceable"):
            lines.placeholder(a, b, CODE)
        elif kind in ("sup", "sub"):
            self._run(m.start(kind + "text"), m.end(kind + "text"))
        elif kind == "hardbreak":
            lines.w.line_break(lines.source(a), lines.source(b))
        elif kind == "email":
            lines.placeholder(a, b, LINK)
        # anchors, hidden index terms and role prefixes produce nothing

    def _text_or(self, m: re.Match[str], group: str, a: int, b: int, word: str) -> None:
        """A macro's or a cross reference's text as prose; without text, a placeholder."""
        text = m.group(group)
        if text is not None:
            start = m.start(group)
            stop = start + len(_link_text(text))
            if self.s[start:stop].strip():
                self._run(start, stop)
                return
        self.lines.placeholder(a, b, word)

    def _macro(self, m: re.Match[str], a: int, b: int) -> None:
        name = m.group("mname")
        if name in _LINKS:
            self._text_or(m, "mtext", a, b, LINK)
        elif name in _XREFS:
            self._text_or(m, "mtext", a, b, TERM)
        elif name in _FOOTNOTES:
            self._footnote(m.start("mtext"), m.end("mtext"))
        elif name in _MATH_MACROS:
            self.lines.placeholder(a, b, MATH)
        elif name in _CODE_MACROS:
            self.lines.placeholder(a, b, CODE)
        elif name == "indexterm2":
            self._run(m.start("mtext"), m.end("mtext"))
        elif name not in _NOTHING:
            self.lines.placeholder(a, b, TERM)  # menu:, btn:, image:, icon:, git's linkgit:

    def _footnote(self, a: int, b: int) -> None:
        """A footnote's text belongs after the sentence it interrupts."""
        lines = self.lines
        outer = lines.w
        sub = ProseWriter(ProseBuilder(self.src, language="asciidoc"), self.src, collapse=False)
        sub.muted = outer.muted
        lines.w = sub
        try:
            self._run(a, b)
            sub.finish(lines.source(b))
        finally:
            lines.w = outer
        outer.aside(sub.builder.build())

    def _attribute(self, name: str, a: int, b: int) -> None:
        if name in _CHARACTERS:
            self.lines.replace(a, b, _CHARACTERS[name])
            return
        value = self.attributes.get(name)
        if value is not None and _PLAIN_VALUE.fullmatch(value):
            self.lines.replace(a, b, value)
        else:
            self.lines.placeholder(a, b, TERM)


def _link_text(text: str) -> str:
    """A link macro's text without its attributes ("Docs,window=_blank", "Docs^")."""
    m = re.search(r",\s*\w[\w-]*\s*=", text)
    if m:
        text = text[: m.start()]
    text = text.rstrip()
    return text[:-1] if text.endswith("^") else text
