"""Code actions: quick fixes for findings, project-wide rule and dictionary actions, rewrites.

Quick fixes carry their edit. "Add to dictionary" and "Disable rule" are commands the
server executes itself (``workspace/executeCommand``), writing the project config, so
they work in every editor. "Ignore here" is an edit that adds an inline suppression
comment in the language's own comment syntax. Rewrites are listed at once and computed
only when chosen (``codeAction/resolve``), or through a command for clients that cannot
resolve edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from wa_core.document import EditKind, Finding, ProseDocument, Span
from wa_core.engine.prompts import STYLES
from wa_lsp.diagnostics import matching_diagnostic
from wa_lsp.documents import Snapshot
from wa_lsp.outline import paragraph_at, sentence_at

ADD_WORD = "wa.addToVocabulary"
DISABLE_RULE = "wa.disableRule"
REWRITE = "wa.rewrite"
RECHECK = "wa.recheck"
BUILD_MODEL = "wa.buildModel"
COMMANDS = (ADD_WORD, DISABLE_RULE, REWRITE, RECHECK, BUILD_MODEL)

MAX_SUGGESTIONS = 5
TITLE_CHARS = 80

QUICKFIX = types.CodeActionKind.QuickFix
REWRITE_KIND = types.CodeActionKind.RefactorRewrite
KINDS = [QUICKFIX, REWRITE_KIND]

SPELLING_RULES = frozenset({"SpellCheck", "SplitWords", "spelling", "Spelling"})

# Inline suppression comments per language (see wa_core.pipeline's markers).
_COMMENTS = {
    "markdown": ("<!-- ", " -->"),
    "latex": ("% ", ""),
    "restructuredtext": (".. ", ""),
    "asciidoc": ("// ", ""),
}


def quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TITLE_CHARS:
        text = text[: TITLE_CHARS - 1].rstrip() + "…"
    return f"‘{text}’"


def workspace_edit(
    snapshot: Snapshot, edits: list[types.TextEdit], *, versioned: bool
) -> types.WorkspaceEdit:
    if versioned:
        doc = types.OptionalVersionedTextDocumentIdentifier(uri=snapshot.uri, version=snapshot.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=doc, edits=edits)])
    return types.WorkspaceEdit(changes={snapshot.uri: edits})


def wants(only: list[str] | None, kind: str) -> bool:
    """Whether the client's ``context.only`` admits ``kind`` (kinds are dotted prefixes)."""
    if not only:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)


def is_spelling(rule: str) -> bool:
    return rule.split("/", 1)[-1] in SPELLING_RULES


def finding_actions(
    snapshot: Snapshot,
    findings: list[Finding],
    offered: Sequence[types.Diagnostic],
    *,
    versioned: bool,
) -> list[types.CodeAction]:
    """Quick fixes, dictionary, rule and inline-ignore actions for the findings under the cursor.

    The replacements come first (the preferred one at the top), then the project-wide
    and ignore actions, each once however many findings under the cursor share it.
    """
    fixes: list[types.CodeAction] = []
    others: dict[str, types.CodeAction] = {}
    text = snapshot.text
    lines = snapshot.lines
    language = snapshot.language
    for f in findings:
        diag = matching_diagnostic(f, lines, offered)
        original = f.span.of(text)
        rng = lines.range(f.span)
        seen: set[str] = set()
        for s in f.suggestions:
            if len(seen) >= MAX_SUGGESTIONS:
                break
            new = s.replacement_for(original)
            if new in seen or new == original:
                continue
            if s.kind is EditKind.REMOVE:
                title = f"Remove {quote(original)}"
            elif s.kind is EditKind.INSERT:
                title = f"Insert {quote(s.text)}"
            else:
                title = f"Replace with {quote(new)}"
            fixes.append(
                types.CodeAction(
                    title=title,
                    kind=QUICKFIX,
                    diagnostics=[diag],
                    is_preferred=not seen,
                    edit=workspace_edit(snapshot, [types.TextEdit(rng, new)], versioned=versioned),
                )
            )
            seen.add(new)
        word = original.strip()
        if is_spelling(f.rule) and word and not any(c.isspace() for c in word):
            title = f"Add {quote(word)} to the project dictionary"
            others.setdefault(
                title,
                types.CodeAction(
                    title=title,
                    kind=QUICKFIX,
                    diagnostics=[diag],
                    command=types.Command(title, ADD_WORD, arguments=[snapshot.uri, word]),
                ),
            )
        title = f"Disable rule {f.rule} in this project"
        others.setdefault(
            title,
            types.CodeAction(
                title=title,
                kind=QUICKFIX,
                diagnostics=[diag],
                command=types.Command(title, DISABLE_RULE, arguments=[snapshot.uri, f.rule]),
            ),
        )
        ignore = ignore_edit(snapshot, f, language)
        title = f"Ignore this finding here ({f.rule})"
        if ignore is not None and title not in others:
            others[title] = types.CodeAction(
                title=title,
                kind=QUICKFIX,
                diagnostics=[diag],
                edit=workspace_edit(snapshot, ignore, versioned=versioned),
            )
    return fixes + list(others.values())


def ignore_edit(snapshot: Snapshot, finding: Finding, language: str) -> list[types.TextEdit] | None:
    """A suppression comment above the finding's line (around its lines if it spans several)."""
    markers = _COMMENTS.get(language)
    if markers is None:
        return None
    open_, close = markers
    text = snapshot.text
    lines = snapshot.lines
    nl = "\r\n" if "\r\n" in text else "\n"
    first = lines.line_of(finding.span.start)
    last = lines.line_of(max(finding.span.start, finding.span.end - 1))
    first_line = lines.line_span(first)
    line_text = first_line.of(text)
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if language in ("restructuredtext", "asciidoc"):
        indent = ""  # an indented ".." would belong to the block above, an indented "//" is literal text
    start = types.Position(first, 0)
    if first == last:
        comment = f"{indent}{open_}wa-disable-next-line {finding.rule}{close}{nl}"
        return [types.TextEdit(types.Range(start, start), comment)]
    end = lines.position(lines.line_span(last).end)
    return [
        types.TextEdit(types.Range(start, start), f"{indent}{open_}wa-disable {finding.rule}{close}{nl}"),
        types.TextEdit(types.Range(end, end), f"{nl}{indent}{open_}wa-enable {finding.rule}{close}"),
    ]


# --- rewrites ---------------------------------------------------------------------------


def rewrite_targets(doc: ProseDocument, selection: Span) -> list[tuple[str, Span]]:
    """What a rewrite can act on: the selection, else the sentence and the paragraph under the cursor."""
    if len(selection) > 0 and doc.source[selection.start : selection.end].strip():
        text = selection.of(doc.source)
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        return [("selection", Span(selection.start + lead, selection.end - trail))]
    out: list[tuple[str, Span]] = []
    sentence = sentence_at(doc, selection.start)
    if sentence is not None and len(sentence) > 0:
        out.append(("sentence", sentence))
    paragraph = paragraph_at(doc, selection.start)
    if paragraph is not None and len(paragraph) > 0 and paragraph != sentence:
        out.append(("paragraph", paragraph))
    return out


def rewrite_actions(
    snapshot: Snapshot, doc: ProseDocument, selection: Span, *, resolvable: bool
) -> list[types.CodeAction]:
    """One unresolved action per target and style; the edit comes from ``resolve``."""
    out: list[types.CodeAction] = []
    for scope, span in rewrite_targets(doc, selection):
        for style in STYLES:
            data: dict[str, Any] = {
                "wa": "rewrite",
                "uri": snapshot.uri,
                "version": snapshot.version,
                "start": span.start,
                "end": span.end,
                "text": span.of(snapshot.text),
                "style": style,
                "scope": scope,
            }
            title = f"Rewrite {scope}: {style}"
            action = types.CodeAction(title=title, kind=REWRITE_KIND, data=data)
            if not resolvable:
                action.command = types.Command(title, REWRITE, arguments=[data])
            out.append(action)
    return out


def rewrite_data(value: Any) -> dict[str, Any] | None:
    """The rewrite payload of an action's ``data``, if it is one of ours."""
    if not isinstance(value, dict) or value.get("wa") != "rewrite":
        return None
    needed = {"uri": str, "version": int, "start": int, "end": int, "text": str, "style": str}
    if not all(isinstance(value.get(k), t) for k, t in needed.items()):
        return None
    if value["style"] not in STYLES or not 0 <= value["start"] <= value["end"]:
        return None
    return value


def resolved_rewrite(
    action: types.CodeAction, snapshot: Snapshot, data: dict[str, Any], result: str, *, versioned: bool
) -> types.CodeAction:
    """The action with its edit and a title that shows the result ("Concise: …")."""
    span = Span(data["start"], data["end"])
    action.title = f"{data['style'].capitalize()}: {quote(result)[1:-1]}"
    action.edit = workspace_edit(
        snapshot, [types.TextEdit(snapshot.lines.range(span), result)], versioned=versioned
    )
    return action


def still_valid(snapshot: Snapshot | None, data: dict[str, Any]) -> bool:
    """Whether the text a rewrite was listed for is still where it was."""
    if snapshot is None or data["end"] > len(snapshot.text):
        return False
    return bool(snapshot.text[data["start"] : data["end"]] == data["text"])
