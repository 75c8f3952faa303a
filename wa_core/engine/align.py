"""Turn a corrected sentence into minimal edits of the original.

Both sentences are split into words and punctuation marks with code-point offsets,
aligned with ``difflib`` at that token level, and each differing run becomes one
``Edit``: the source span it replaces and the suggestion that produces the
correction there. Whitespace-only differences are not edits (spacing is the rule
checker's business), and every edit keeps the source's own spacing around it.

Each edit gets a kind (``spelling``, ``agreement``, …) from a heuristic look at the
words before and after; it names the finding's rule (``model/<kind>``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from wa_core.document import Span, Suggestion
from wa_core.function_words import ARTICLES
from wa_core.spelling import distance

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

KINDS = (
    "spelling",
    "verb-form",
    "agreement",
    "article",
    "preposition",
    "punctuation",
    "capitalization",
    "word-choice",
    "missing-word",
    "extra-word",
    "word-order",
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """One difference: ``suggestion`` applied to ``span`` of the source gives the target there."""

    span: Span
    suggestion: Suggestion
    before: tuple[str, ...]  # source tokens changed or removed (empty for an insertion)
    after: tuple[str, ...]  # target tokens that take their place
    kind: str

    @property
    def size(self) -> int:
        """How many tokens the edit touches, for the share-of-sentence guard."""
        return max(len(self.before), len(self.after))


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def align(source: str, target: str) -> list[Edit]:
    """The minimal edits that turn ``source`` into ``target``, in source order."""
    src, tgt = tokens(source), tokens(target)
    matcher = difflib.SequenceMatcher(None, [t.text for t in src], [t.text for t in tgt], autojunk=False)
    edits: list[Edit] = []
    for op in _pair_up(_merge_moves(src, tgt, matcher.get_opcodes())):
        edit = _edit(source, target, src, tgt, op)
        if edit is not None:
            edits.append(edit)
    return edits


_Op = tuple[str, int, int, int, int]


def _merge_moves(src: list[Token], tgt: list[Token], opcodes: Sequence[_Op]) -> list[_Op]:
    """Fold a deletion and an insertion of the same words, close together, into one move."""
    ops = [op for op in opcodes if op[0] != "equal"]
    out: list[_Op] = []
    k = 0
    while k < len(ops):
        tag, i1, _, j1, _ = ops[k]
        for m in range(k + 1, min(k + 3, len(ops))):
            other = ops[m]
            if {tag, other[0]} == {"insert", "delete"} and _words(src, tgt, ops[k]) == _words(
                src, tgt, other
            ):
                out.append(("move", i1, other[2], j1, other[4]))
                k = m + 1
                break
        else:
            out.append(ops[k])
            k += 1
    return out


def _words(src: list[Token], tgt: list[Token], op: _Op) -> list[str]:
    _, i1, i2, j1, j2 = op
    return sorted(t.text.casefold() for t in (*src[i1:i2], *tgt[j1:j2]))


def _pair_up(ops: Sequence[_Op]) -> list[_Op]:
    """Split a replacement of n tokens by n tokens into one edit per changed token.

    "has a" → "have an" is an agreement and an article edit, not one vague one;
    a move (same words, new order) stays whole.
    """
    out: list[_Op] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if tag == "replace" and i2 - i1 == j2 - j1 > 1:
            out.extend(("replace", i1 + d, i1 + d + 1, j1 + d, j1 + d + 1) for d in range(i2 - i1))
        else:
            out.append(op)
    return out


def _edit(source: str, target: str, src: list[Token], tgt: list[Token], op: _Op) -> Edit | None:
    tag, i1, i2, j1, j2 = op
    before = tuple(t.text for t in src[i1:i2])
    after = tuple(t.text for t in tgt[j1:j2])
    if before == after:
        return None
    kind = classify(before, after)
    if tag in ("replace", "move"):
        start, new_start = src[i1].start, tgt[j1].start
        if i1 > 0 and j1 > 0 and (start > src[i1 - 1].end) != (new_start > tgt[j1 - 1].end):
            # the new words join the word before them, or leave it ("home we" → "home. We"):
            # the space between goes with the edit
            start, new_start = src[i1 - 1].end, tgt[j1 - 1].end
        span = Span(start, src[i2 - 1].end)
        suggestion = Suggestion.replace(target[new_start : tgt[j2 - 1].end])
    elif tag == "delete":
        if i1 > 0:  # take the space before the removed words with them
            span = Span(src[i1 - 1].end, src[i2 - 1].end)
        else:
            span = Span(src[0].start, src[i2].start if i2 < len(src) else src[i2 - 1].end)
        suggestion = Suggestion.remove()
    elif i1 > 0:  # insert after the token before the gap (aligned with tgt[j1 - 1])
        span = Span(src[i1 - 1].start, src[i1 - 1].end)
        suggestion = Suggestion.insert(target[tgt[j1 - 1].end : tgt[j2 - 1].end])
    elif src:  # insert at the start: rewrite the first token with the new words before it
        span = Span(src[0].start, src[0].end)
        suggestion = Suggestion.replace(target[tgt[j1].start : tgt[j2].end])
    else:
        return None  # nothing to anchor an edit to in an empty source
    return Edit(span, suggestion, before, after, kind)


def changed_share(source: str, edits: Sequence[Edit]) -> float:
    """The share of the source's tokens the edits touch (insertions count as touched)."""
    return sum(e.size for e in edits) / max(1, len(tokens(source)))


# --- classification -------------------------------------------------------------------

PREPOSITIONS = frozenset(
    [
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "among",
        "around",
        "as",
        "at",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "by",
        "despite",
        "down",
        "during",
        "for",
        "from",
        "in",
        "inside",
        "into",
        "like",
        "near",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "outside",
        "over",
        "per",
        "since",
        "through",
        "throughout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "with",
        "within",
        "without",
    ]
)
_AGREEMENT = {
    frozenset(p)
    for p in (
        ("is", "are"),
        ("am", "is"),
        ("am", "are"),
        ("was", "were"),
        ("has", "have"),
        ("does", "do"),
        ("isn't", "aren't"),
        ("wasn't", "weren't"),
        ("hasn't", "haven't"),
        ("doesn't", "don't"),
        ("this", "these"),
        ("that", "those"),
        ("much", "many"),
        ("less", "fewer"),
        ("a", "some"),
    )
}
# Irregular verbs: base, past, past participle. Any two forms of one verb are a verb-form edit.
_IRREGULAR = [
    set(forms.split("/"))
    for forms in [
        "be/was/were/been/being",
        "go/went/gone/goes/going",
        "do/did/done/does/doing",
        "have/had/having",
        "make/made/making",
        "take/took/taken/taking",
        "give/gave/given/giving",
        "see/saw/seen/seeing",
        "come/came/coming",
        "write/wrote/written/writing",
        "get/got/gotten/getting",
        "know/knew/known/knowing",
        "think/thought/thinking",
        "buy/bought/buying",
        "bring/brought/bringing",
        "teach/taught/teaching",
        "find/found/finding",
        "tell/told/telling",
        "say/said/saying",
        "run/ran/running",
        "begin/began/begun/beginning",
        "choose/chose/chosen/choosing",
        "eat/ate/eaten/eating",
        "speak/spoke/spoken/speaking",
        "break/broke/broken/breaking",
        "feel/felt/feeling",
        "leave/left/leaving",
        "keep/kept/keeping",
        "meet/met/meeting",
        "become/became/becoming",
        "grow/grew/grown/growing",
        "drive/drove/driven/driving",
        "fall/fell/fallen/falling",
        "forget/forgot/forgotten/forgetting",
        "spend/spent/spending",
        "lose/lost/losing",
        "pay/paid/paying",
    ]
]
_VERB_SUFFIXES = ("ing", "ed", "d", "en", "n")
_NUMBER_SUFFIXES = ("s", "es")


def _is_punct(token: str) -> bool:
    return not any(c.isalnum() for c in token)


def classify(before: Sequence[str], after: Sequence[str]) -> str:
    """The kind of an edit, judged from its tokens (a heuristic that names the rule)."""
    if all(_is_punct(t) for t in (*before, *after)):
        return "punctuation"
    b = [t for t in before if not _is_punct(t)]
    a = [t for t in after if not _is_punct(t)]
    if b == a:
        return "punctuation"
    bf, af = [w.casefold() for w in b], [w.casefold() for w in a]
    if bf == af:
        return "capitalization"
    if not b or not a:
        extra = af or bf
        if all(w in ARTICLES for w in extra):
            return "article"
        if all(w in PREPOSITIONS for w in extra):
            return "preposition"
        return "missing-word" if not b else "extra-word"
    if len(bf) > 1 and sorted(bf) == sorted(af):
        return "word-order"
    if len(bf) == 1 and len(af) == 1:
        return _classify_word(bf[0], af[0])
    # Several words: one side inside the other is a missing or extra word.
    if len(bf) != len(af):
        shorter, longer = (bf, af) if len(bf) < len(af) else (af, bf)
        rest = _without(longer, shorter)
        if rest is not None:
            if all(w in ARTICLES for w in rest):
                return "article"
            if all(w in PREPOSITIONS for w in rest):
                return "preposition"
            return "missing-word" if len(bf) < len(af) else "extra-word"
    return "word-choice"


def _classify_word(x: str, y: str) -> str:
    if x in ARTICLES and y in ARTICLES:
        return "article"
    if x in PREPOSITIONS and y in PREPOSITIONS:
        return "preposition"
    if frozenset((x, y)) in _AGREEMENT:
        return "agreement"
    if any(x + s == y or y + s == x for s in _NUMBER_SUFFIXES) or _ies(x, y) or _ies(y, x):
        return "agreement"
    if any(x in forms and y in forms for forms in _IRREGULAR) or _regular_forms(x, y):
        return "verb-form"
    if difflib.SequenceMatcher(None, x, y).ratio() >= 0.7 or distance(x, y) <= max(
        1, min(len(x), len(y)) // 4
    ):
        return "spelling"
    return "word-choice"


def _ies(x: str, y: str) -> bool:
    return x.endswith("y") and y == x[:-1] + "ies"


def _regular_forms(x: str, y: str) -> bool:
    """Two forms of a regular verb: walk/walked/walking, use/used, stop/stopped, copy/copied."""
    for a, b in ((x, y), (y, x)):
        for s in _VERB_SUFFIXES:
            if b.endswith(s):
                stem = b[: -len(s)]
                if s == "ed" and stem.endswith("i") and a in (stem[:-1] + "y", stem[:-1] + "ying"):
                    return True  # copy/copied, copying/copied
                if stem and (
                    a == stem or a == stem + "e" or a.removesuffix("s") == stem or stem == a + a[-1:]
                ):
                    return True
                if a.endswith(("ed", "ing")) and a.removesuffix("ed").removesuffix("ing") == stem:
                    return True
    return False


def _without(longer: list[str], shorter: list[str]) -> list[str] | None:
    """``longer`` minus ``shorter`` when ``shorter`` is a subsequence of it, else None."""
    rest: list[str] = []
    i = 0
    for w in longer:
        if i < len(shorter) and w == shorter[i]:
            i += 1
        else:
            rest.append(w)
    return rest if i == len(shorter) else None
