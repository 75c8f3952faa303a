"""Clean English prose from sources a fresh machine installs offline.

- ACLSum (``aclsum`` on PyPI, MIT): academic prose; only its ``train`` and ``val`` splits are read
  here, its ``test`` split is kept for evaluation (``test_documents``).
- The Python documentation (Debian ``python3.11-doc``, PSF licence): HTML paragraphs turned into text.
- WordNet 3.0's example sentences (Debian ``wordnet-base``, the WordNet licence, BSD-style): everyday
  English ("She walked to a point where she could survey the whole street."), the register of essays
  rather than of manuals.
- Fortune cookies (Debian ``fortunes``, BSD licence): quotations and anecdotes, general prose.

The two general-English sources are kept only where Harper finds nothing to say (their old spellings
and typos would otherwise become correction targets).

Sentences are split, deduplicated and filtered so code, markup and fragments stay out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

PYTHON_DOC_DIRS = (Path("/usr/share/doc/python3.11/html"), Path("/usr/share/doc/python3/html"))
WORDNET_DIR = Path("/usr/share/wordnet")
FORTUNES_DIR = Path("/usr/share/games/fortunes")
# where each source comes from, for the message when one is missing
SOURCE_PACKAGES = {
    "aclsum": "the PyPI package aclsum",
    "pydoc": "the Debian package python3.11-doc",
    "wordnet": "the Debian package wordnet-base",
    "fortunes": "the Debian package fortunes",
}
TRAIN_SPLITS = ("train", "val")

_CLITIC = re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE)
_PUNCT_BEFORE = re.compile(r"\s+([.,;:!?%)\]}])")
_OPEN_AFTER = re.compile(r"([(\[{$])\s+")
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_CODEY = re.compile(r"[=<>{}\[\]_@#$\\|~^`*]|\(\)|::|\.\w+\(|/\w|\w/|\.\.\.|\b\w+\.\w+\b|--")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_ABBREV_END = re.compile(r"\b(e\.g|i\.e|etc|cf|vs|al|Fig|Eq|Sec|No|Dr|Mr|Mrs|Ms)\.$")


def detok(s: str) -> str:
    """Undo the PTB-style tokenisation ACLSum ships (``word , word ( QA )``)."""
    s = _CLITIC.sub(r"\1", s)
    s = _PUNCT_BEFORE.sub(r"\1", s)
    s = _OPEN_AFTER.sub(r"\1", s)
    s = re.sub(r"\s+-\s+", "-", s) if re.search(r"\w - \w", s) and " - " not in s[:3] else s
    s = s.replace("`` ", '"').replace(" ''", '"')
    return re.sub(r"\s{2,}", " ", s).strip()


def split_sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    parts: list[str] = []
    buf = ""
    for piece in _SENT_END.split(text):
        buf = f"{buf} {piece}".strip() if buf else piece
        if _ABBREV_END.search(buf):
            continue
        parts.append(buf)
        buf = ""
    if buf:
        parts.append(buf)
    return parts


def is_prose(s: str, min_words: int = 6, max_words: int = 40) -> bool:
    """A plain, complete English sentence: no code, markup, citations or fragments."""
    words = s.split()
    if not (min_words <= len(words) <= max_words):
        return False
    if not s[0].isupper() or s[-1] not in ".!?":
        return False
    if _CODEY.search(s) or any(ch.isdigit() for ch in s[:1]):
        return False
    if not s.isascii():
        return False
    alpha = sum(1 for w in words if _WORD.fullmatch(w.strip(".,;:!?\"'()")))
    if alpha / len(words) < 0.85:
        return False
    caps = sum(1 for w in words[1:] if w[:1].isupper())
    return caps / len(words) <= 0.25 and s.count('"') % 2 == 0 and s.count("(") == s.count(")")


def dedupe(sentences: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = re.sub(r"\W+", " ", s.lower()).strip()
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


# ----------------------------------------------------------------------------------------- ACLSum


@dataclass(frozen=True)
class SummaryDoc:
    id: str
    introduction: str
    abstract: str
    aspects: dict[str, str]  # aspect -> one-sentence summary
    highlights: dict[str, str]  # aspect -> highlighted sentences, joined
    lead3: str = ""  # the first three introduction sentences (the extractive baseline)
    conclusion: str = ""


def _aclsum(split: str) -> list[SummaryDoc]:
    from aclsum import ACLSum  # type: ignore[import-untyped]

    docs = []
    for d in ACLSum(split).documents:  # type: ignore[arg-type]
        hl = {a: " ".join(detok(s) for s in d.get_all_highlighted_sentences(a)) for a in d.summaries}
        docs.append(
            SummaryDoc(
                id=d.id,
                introduction=" ".join(detok(s) for s in d.sentences["introduction"]),
                abstract=" ".join(detok(s) for s in d.sentences["abstract"]),
                aspects={a: detok(t) for a, t in d.summaries.items()},
                highlights=hl,
                lead3=" ".join(detok(s) for s in d.sentences["introduction"][:3]),
                conclusion=" ".join(detok(s) for s in d.sentences.get("conclusion", [])),
            )
        )
    return docs


def train_documents() -> list[SummaryDoc]:
    """ACLSum train + val: the only splits training may read."""
    return [d for split in TRAIN_SPLITS for d in _aclsum(split)]


def validation_documents() -> list[SummaryDoc]:
    """ACLSum val alone: where decoding choices are compared (it is also trained on)."""
    return _aclsum("val")


def test_documents() -> list[SummaryDoc]:
    """ACLSum test: evaluation only."""
    return _aclsum("test")


def aclsum_sentences() -> Iterator[str]:
    from aclsum import ACLSum

    for split in TRAIN_SPLITS:
        for d in ACLSum(split).documents:  # type: ignore[arg-type]
            for sec in ("abstract", "introduction", "conclusion"):
                for s in d.sentences[sec]:
                    yield detok(s)


# ------------------------------------------------------------------------------ Python docs (HTML)


class _Paragraphs(HTMLParser):
    """Collects the text of <p> and <li> elements, dropping inline code and literal blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self._buf: list[str] = []
        self._depth = 0
        self._skip = 0
        self._tainted = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            self._flush()
            self._depth += 1
        elif tag in ("pre", "code", "script", "style", "tt", "kbd", "samp") or (
            tag == "span" and any(k == "class" and v and "pre" in v for k, v in attrs)
        ):
            self._skip += 1
            self._tainted = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self._flush()
            self._depth = max(0, self._depth - 1)
        elif tag in ("pre", "code", "script", "style", "tt", "kbd", "samp", "span") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self._buf.append(data)
        elif self._depth and self._skip:
            self._buf.append(" \x00 ")  # marks a sentence that contained code

    def _flush(self) -> None:
        if self._buf:
            self.paras.append(html.unescape("".join(self._buf)))
        self._buf = []
        self._tainted = False


def python_doc_sentences(root: Path | None = None) -> Iterator[str]:
    root = root or next((p for p in PYTHON_DOC_DIRS if p.is_dir()), None)
    if root is None:
        return
    for path in sorted(root.rglob("*.html")):
        if any(part in {"_sources", "_static", "c-api", "genindex"} for part in path.parts):
            continue
        p = _Paragraphs()
        try:
            p.feed(path.read_text(encoding="utf-8", errors="replace"))
        except Exception:  # a malformed page is skipped, not fatal
            continue
        for para in p.paras:
            for s in split_sentences(para):
                if "\x00" not in s:
                    yield s.replace("\u00b6", "").strip()


# --------------------------------------------------------------------- general English: WordNet, fortunes

_GLOSS_EXAMPLE = re.compile(r'"([^"]+)"')


def _as_sentence(s: str) -> str:
    s = s.strip()
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    if s and s[-1] not in ".!?":
        s += "."
    return s


def wordnet_sentences(root: Path = WORDNET_DIR) -> Iterator[str]:
    """The quoted usage examples in WordNet's glosses (``data.noun`` ...: ``gloss; "example"``)."""
    for path in sorted(root.glob("data.*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("  ") or "|" not in line:  # the licence header
                continue
            for example in _GLOSS_EXAMPLE.findall(line.split("|", 1)[1]):
                yield _as_sentence(example)


def fortune_sentences(root: Path = FORTUNES_DIR) -> Iterator[str]:
    """Sentences of the fortune files (cookies separated by ``%`` lines), attributions dropped."""
    if not root.is_dir():
        return
    for path in sorted(root.iterdir()):
        if path.suffix or not path.is_file() or path.is_symlink():  # .dat indexes, .u8 links
            continue
        for cookie in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            lines = [x.strip() for x in cookie.splitlines() if not x.strip().startswith("--")]
            yield from (s for s in split_sentences(" ".join(lines)) if s)


def harper_clean(sentences: Iterable[str]) -> Iterator[str]:
    """The sentences Harper (all its default rules) finds nothing wrong with."""
    import harper  # type: ignore[import-untyped]

    linter = harper.Linter()
    for s in sentences:
        if not linter.lint(s, language="plaintext"):
            yield s


def clean_sentences() -> dict[str, list[str]]:
    """All clean prose, by source, filtered and deduplicated (a source not installed is empty)."""
    acl = dedupe(s for s in aclsum_sentences() if is_prose(s))
    pydoc = dedupe(s for s in python_doc_sentences() if is_prose(s))
    wordnet = dedupe(harper_clean(s for s in wordnet_sentences() if is_prose(s)))
    fortunes = dedupe(harper_clean(s for s in fortune_sentences() if is_prose(s)))
    return {"aclsum": acl, "pydoc": pydoc, "wordnet": wordnet, "fortunes": fortunes}
