"""What a hover shows: a finding's explanation, a section's summary, a long paragraph's gist."""

from __future__ import annotations

from dataclasses import dataclass

from wa_core.document import Finding, ProseDocument, Span
from wa_lsp.diagnostics import describe
from wa_lsp.outline import heading_at, paragraph_at, prose_within, word_count

SECTION_WORDS = 60  # a section summary's length
PARAGRAPH_WORDS = 25  # one sentence
LONG_PARAGRAPH = 80  # words; shorter paragraphs are read faster than their summary
MIN_SECTION = 12  # words; less is not worth summarising
TIMEOUT = 4.0  # seconds a hover waits for the model before answering without it
# words; a longer section is a chapter, not something read at a glance: its summary holds
# the editor's one model worker (greedy, one core: 1,000 words of a paper 8.9 s, 2,200
# words 23 s, 4,880 words 43 s), and model diagnostics wait behind it
MAX_SECTION = 2200
NOT_READY = "_wa is still summarising this; hover again in a moment._"


@dataclass(frozen=True)
class Target:
    kind: str  # "finding", "section" or "paragraph"
    span: Span  # what the hover range covers
    text: str  # the explanation (findings) or the prose to summarise
    title: str = ""


def target_at(doc: ProseDocument, findings: list[Finding] | None, offset: int) -> Target | None:
    """What is under a source offset, most specific first."""
    if findings:
        here = [f for f in findings if f.span.start <= offset <= f.span.end]
        if here:
            span = Span(min(f.span.start for f in here), max(f.span.end for f in here))
            return Target("finding", span, "\n\n---\n\n".join(describe(f, doc.source) for f in here))
    heading = heading_at(doc.source, doc.language, offset)
    if heading is not None:
        prose = prose_within(doc, heading.section).strip()
        if word_count(prose) >= MIN_SECTION:
            return Target("section", heading.line, prose, heading.title)
        return None
    paragraph = paragraph_at(doc, offset)
    if paragraph is not None:
        prose = prose_within(doc, paragraph).strip()
        if word_count(prose) >= LONG_PARAGRAPH:
            return Target("paragraph", paragraph, prose)
    return None


def render_summary(target: Target, summary: str) -> str:
    if target.kind == "section":
        title = f" of “{target.title}”" if target.title else ""
        return f"**Summary{title}**\n\n{summary.strip()}"
    return f"**In one sentence:** {summary.strip()}"


def too_long(target: Target) -> str | None:
    """What a hover says instead of summarising a section too long for a glance, if it is."""
    words = word_count(target.text)
    if target.kind != "section" or words <= MAX_SECTION:
        return None
    return (
        f"_A section of {words:,} words: too long to summarise in a hover; "
        "hover a subsection, or run `wa summarize`._"
    )
