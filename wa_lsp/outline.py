"""Where things are in a document: sentences, paragraphs, headings and their sections.

Rewrites act on the sentence or paragraph under the cursor and hovers summarise the
section under a heading; both need a little structure the core does not keep (it
reduces a document to prose). Headings are found in the source per language;
sentences and paragraphs in the prose, mapped back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wa_core.document import ProseDocument, Span
from wa_core.parsers.asciidoc import two_line_title_level, verbatim_closing


@dataclass(frozen=True)
class Heading:
    line: Span  # the heading's source line(s)
    title: str
    level: int
    section: Span  # source from after the heading to the next heading of the same or a higher level


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentence_spans(prose: str) -> list[Span]:
    """Sentences of prose, from ``wa_core.sentences`` (a rough split if that is missing)."""
    try:
        from wa_core.sentences import sentence_spans as core_sentences
    except ImportError:  # pragma: no cover - only before the module lands
        return _fallback_sentences(prose)
    return list(core_sentences(prose))


def _fallback_sentences(prose: str) -> list[Span]:
    out = []
    for para in paragraph_spans(prose):
        text = para.of(prose)
        for m in re.finditer(r"\S(?:.*?)(?:[.!?]+(?=\s|$)|$)", text, re.S):
            out.append(Span(para.start + m.start(), para.start + m.end()))
    return out


def paragraph_spans(prose: str) -> list[Span]:
    """Runs of prose between blank lines, trimmed."""
    out = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(prose), None]:
        end = m.start() if m else len(prose)
        chunk = prose[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(Span(pos + lead, pos + trail))
        if m:
            pos = m.end()
    return out


def prose_offset_near(doc: ProseDocument, offset: int) -> int | None:
    """The prose offset of a source offset; in markup, the nearest prose on the same line."""
    exact = doc.prose_offset(offset)
    if exact is not None:
        return exact
    best: tuple[int, int] | None = None
    for seg in doc.segments:
        if not doc.prose[seg.prose_start : seg.prose_end].strip():
            continue  # a separator, not words
        if seg.source_start <= offset < seg.source_end:
            return seg.prose_start
        if seg.source_start >= offset:
            between, pos = doc.source[offset : seg.source_start], seg.prose_start
        else:
            between, pos = doc.source[seg.source_end : offset], seg.prose_end - 1
        if "\n" in between or "\r" in between:
            continue
        if best is None or len(between) < best[0]:
            best = (len(between), pos)
    return best[1] if best else None


def sentence_at(doc: ProseDocument, offset: int) -> Span | None:
    """The source span of the sentence under a source offset."""
    p = prose_offset_near(doc, offset)
    if p is None:
        return None
    for s in sentence_spans(doc.prose):
        if s.start <= p < s.end or (p == s.end and p == len(doc.prose)):
            return _trimmed_source(doc, s)
    return None


def paragraph_at(doc: ProseDocument, offset: int) -> Span | None:
    """The source span of the paragraph under a source offset."""
    p = prose_offset_near(doc, offset)
    if p is None:
        return None
    for para in paragraph_spans(doc.prose):
        if para.start <= p <= para.end:
            return _trimmed_source(doc, para)
    return None


def paragraph_prose_at(doc: ProseDocument, offset: int) -> str | None:
    p = prose_offset_near(doc, offset)
    if p is None:
        return None
    for para in paragraph_spans(doc.prose):
        if para.start <= p <= para.end:
            return para.of(doc.prose)
    return None


def _trimmed_source(doc: ProseDocument, prose_span: Span) -> Span:
    text = prose_span.of(doc.prose)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    span = Span(prose_span.start + lead, max(prose_span.start + lead, prose_span.end - trail))
    return doc.to_source(span)


def prose_within(doc: ProseDocument, span: Span) -> str:
    """The prose that came from source ``span``."""
    parts = []
    for seg in doc.segments:
        outside = seg.source_end <= span.start or seg.source_start >= span.end
        inserted_here = seg.source_start == seg.source_end and span.start <= seg.source_start < span.end
        if outside and not inserted_here:
            continue
        if seg.is_copy:
            lo = max(span.start, seg.source_start) - seg.source_start
            hi = min(span.end, seg.source_end) - seg.source_start
            parts.append(doc.prose[seg.prose_start + lo : seg.prose_start + hi])
        else:
            parts.append(doc.prose[seg.prose_start : seg.prose_end])
    return "".join(parts)


# --- headings ---------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LATEX = re.compile(
    r"\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\s*(?:\[[^\]]*\])?\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
)
_LATEX_LEVELS = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5}
_LATEX_END = re.compile(r"\\end\{document\}|\\bibliography\{|\\printbibliography|\\appendix\b")
_RST_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:.!$%&,/;<>?@_|])\1+[ \t]*$")
_ADOC_TITLE = re.compile(r"^(={1,6}|#{1,6})[ \t]+(\S.*?)(?:[ \t]+=+)?[ \t]*$")


def headings(source: str, language: str) -> list[Heading]:
    """The headings of a document, each with the source span of its section."""
    if language == "markdown":
        found = _markdown_headings(source)
    elif language == "latex":
        found = _latex_headings(source)
    elif language == "restructuredtext":
        found = _rst_headings(source)
    elif language == "asciidoc":
        found = _asciidoc_headings(source)
    else:
        found = []
    out = []
    end_of_text = len(source)
    if language == "latex":
        m = _LATEX_END.search(source)
        end_of_text = m.start() if m else len(source)
    for i, (line, title, level) in enumerate(found):
        stop = end_of_text
        for later_line, _, later_level in found[i + 1 :]:
            if later_level <= level:
                stop = later_line.start
                break
        stop = max(stop, line.end)
        out.append(Heading(line, title, level, Span(line.end, stop)))
    return out


def heading_at(source: str, language: str, offset: int) -> Heading | None:
    for h in headings(source, language):
        if h.line.start <= offset <= h.line.end:
            return h
    return None


def _lines(source: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", source):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(source)))
    return out


def _markdown_headings(source: str) -> list[tuple[Span, str, int]]:
    out: list[tuple[Span, str, int]] = []
    lines = _lines(source)
    fence: str | None = None
    for i, (start, end) in enumerate(lines):
        text = source[start:end]
        fm = _FENCE.match(text)
        if fence is not None:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            continue
        if fm:
            fence = fm.group(1)
            continue
        m = _ATX.match(text)
        if m:
            out.append((Span(start, end), (m.group(2) or "").strip(), len(m.group(1))))
            continue
        if i + 1 < len(lines) and text.strip() and not text.startswith("    "):
            nstart, nend = lines[i + 1]
            sm = _SETEXT.match(source[nstart:nend])
            prev_blank = i == 0 or not source[lines[i - 1][0] : lines[i - 1][1]].strip()
            if sm and prev_blank:
                out.append((Span(start, nend), text.strip(), 1 if sm.group(1)[0] == "=" else 2))
    return out


def _latex_headings(source: str) -> list[tuple[Span, str, int]]:
    out = []
    for m in _LATEX.finditer(source):
        # Skip commented-out headings.
        line_start = source.rfind("\n", 0, m.start()) + 1
        if re.search(r"(?<!\\)%", source[line_start : m.start()]):
            continue
        out.append((Span(m.start(), m.end()), m.group(2).strip(), _LATEX_LEVELS[m.group(1)]))
    return out


def _rst_headings(source: str) -> list[tuple[Span, str, int]]:
    out = []
    styles: list[tuple[str, bool]] = []
    lines = _lines(source)
    i = 0
    while i + 1 < len(lines):
        start, end = lines[i]
        text = source[start:end]
        over = _RST_ADORNMENT.match(text)
        nstart, nend = lines[i + 1]
        under_text = source[nstart:nend]
        # Overlined title: adornment, title, adornment.
        if over and i + 2 < len(lines):
            tstart, tend = lines[i + 1]
            ustart, uend = lines[i + 2]
            under = _RST_ADORNMENT.match(source[ustart:uend])
            title = source[tstart:tend]
            if under and under.group(1) == over.group(1) and title.strip():
                style = (over.group(1), True)
                if style not in styles:
                    styles.append(style)
                out.append((Span(start, uend), title.strip(), styles.index(style)))
                i += 3
                continue
        under = _RST_ADORNMENT.match(under_text)
        if text.strip() and not over and under and len(under_text.rstrip()) >= len(text.rstrip()):
            style = (under.group(1), False)
            if style not in styles:
                styles.append(style)
            out.append((Span(start, nend), text.strip(), styles.index(style)))
            i += 2
            continue
        i += 1
    return out


def _asciidoc_headings(source: str) -> list[tuple[Span, str, int]]:
    """ "= Title" (level 0) to "====== Title", and the two-line titles AsciiDoc.py documents use."""
    out: list[tuple[Span, str, int]] = []
    lines = _lines(source)
    closing: str | None = None
    i = 0
    while i < len(lines):
        start, end = lines[i]
        text = source[start:end]
        if closing is not None:
            closing = None if text.strip() == closing else closing
            i += 1
            continue
        verbatim = verbatim_closing(text)  # a listing's "== not a title" is no heading
        m = _ADOC_TITLE.match(text)
        level = two_line_title_level(text, source[slice(*lines[i + 1])]) if i + 1 < len(lines) else None
        if m:
            out.append((Span(start, end), m.group(2), len(m.group(1)) - 1))
        elif level is not None:
            out.append((Span(start, lines[i + 1][1]), text.strip(), level))
            i += 1
        elif verbatim is not None:
            closing = verbatim
        i += 1
    return out
