"""LaTeX to prose with a tolerant, single-pass scanner of our own.

pylatexenc's ``LatexWalker`` gives node positions, but it took about 9 s per MB here,
keeps the whole node tree in memory and raises on some malformed input. This scanner
is one regex-driven loop with an explicit stack (no recursion, so no depth limit),
reads commands by the signatures in ``latex_rules``, and never raises: unbalanced
braces, unclosed environments and runaway math end at the end of a paragraph or the
document, as TeX itself would give up there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from wa_core.config import LatexSettings
from wa_core.document import ProseBuilder, ProseDocument
from wa_core.parsers import latex_rules as lr
from wa_core.parsers.writer import CODE, MATH, TERM, ProseWriter

_TEXT = r"[^\\{}\]$%~&#\s`'\-]"
_TOKEN = re.compile(
    rf"(?P<text>(?:{_TEXT}|'(?!')|-(?!-))+(?:[ ](?:{_TEXT}|'(?!')|-(?!-))+)*)"
    r"|(?P<ws>\s+)"
    r"|(?P<cs>\\(?:[A-Za-z]+|[\s\S]?))"
    r"|(?P<other>---?|``|''|[\s\S])"
)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_GROUP_SCAN = re.compile(r"\\[\s\S]|[{}]|%[^\n]*|\n[ \t\r]*\n")
_VERBATIM_GROUP_SCAN = re.compile(r"[{}]|\n[ \t\r]*\n")
_BRACKET_SCAN = re.compile(r"\\[\s\S]|[{}\[\]]|%[^\n]*|\n[ \t\r]*\n")
_DOLLAR_SCAN = re.compile(r"\\[\s\S]|\$\$?|\n[ \t\r]*\n")
_ESCAPE_SCAN = re.compile(r"\\([\s\S])|\n[ \t\r]*\n")
_ENV_NAME = re.compile(r"\s*\{([^{}\\\n]*)\}")
_DOCUMENT = re.compile(r"^(?:[^%\n\\]|\\[\s\S])*?\\begin\s*\{document\}", re.M)  # not in a comment
_LENGTH_ARG = re.compile(r"\s*\[\s*-?[\d.]+\s*\\?[A-Za-z]*\s*\]")
_TRAILING_MATH = re.compile(
    r"(?:\\(?:label|tag)\*?\{[^{}]*\}|\\(?:nonumber|notag|q?quad)\b|\\[,;:! ]|\\\\|\s|~)+$"
)
_CONTROL = re.compile(r"\\(?:[A-Za-z]+|[\s\S]?)")
_KEY = re.compile(r"[\w:./-]*")
_KEY_START = frozenset("0123456789:_-./")
_PUNCTUATION_SUFFIX = (".", ",", ";", ":")
_OPTION_LIMIT = 2000
_ENVIRONMENT_SEARCH = 64  # how deep \end{x} looks for its \begin{x}


@dataclass(slots=True)
class _Frame:
    """An open brace group, command argument or environment on the scanner's stack."""

    kind: str  # "group", "arg", "env"
    closer: str = "}"
    name: str = ""  # an environment's name
    rule: lr.Rule | None = None
    rest: str = ""  # arguments still to read once this one closes
    start: int = 0  # where the command began
    writer: ProseWriter | None = None  # the writer to go back to (footnotes)
    muted: bool | None = None  # the mute state to go back to (titles in the preamble)
    table: bool = False


class LatexParser:
    """LaTeX documents and fragments; ``LatexSettings`` adds or overrides command rules."""

    language = "latex"

    def __init__(self, settings: LatexSettings | None = None) -> None:
        settings = settings or LatexSettings()
        self._rules = lr.user_rules(settings.commands, settings.environments)

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument:
        builder = ProseBuilder(source, language=self.language, path=path)
        writer = ProseWriter(builder, source, collapse=True)
        _Scanner(source, writer, self._rules).run()
        writer.finish(len(source))
        return builder.build()


class _Scanner:
    def __init__(self, source: str, writer: ProseWriter, rules: lr.Rules) -> None:
        self.src = source
        self.n = len(source)
        self.w = writer
        self.rules = rules
        self.stack: list[_Frame] = []
        self.pos = 0
        self.after_comment = False
        self._no_bracket_until = -1
        self.macros = _macros(source)
        # Before \begin{document} only the title is prose.
        writer.muted = _DOCUMENT.search(source) is not None

    # -- the main loop -------------------------------------------------------------
    def run(self) -> None:
        src = self.src
        while self.pos < self.n:
            m = _TOKEN.match(src, self.pos)
            if m is None:  # pragma: no cover - the last alternative matches any character
                break
            start, end = m.span()
            kind = m.lastgroup
            self.pos = end
            after_comment, self.after_comment = self.after_comment, False
            if kind == "text":
                self.w.text(start, end)
            elif kind == "ws":
                self._whitespace(start, end, after_comment)
            elif kind == "cs":
                self._control(start, end)
            else:
                self._other(start, end, m.group())
        while self.stack:
            self._close(self.stack.pop(), resume=False)

    def _whitespace(self, start: int, end: int, after_comment: bool) -> None:
        newlines = self.src.count("\n", start, end)
        if newlines >= 2:
            self.w.paragraph(start)
        elif not (after_comment and newlines == 1):
            self.w.space(start, end)

    def _other(self, start: int, end: int, tok: str) -> None:
        w = self.w
        if tok == "{":
            self.stack.append(_Frame("group"))
        elif tok == "}":
            if self.stack and self.stack[-1].kind != "env" and self.stack[-1].closer == "}":
                self._close(self.stack.pop())
        elif tok == "]":
            if self.stack and self.stack[-1].closer == "]":
                self._close(self.stack.pop())
            else:
                w.text(start, end)
        elif tok == "%":
            eol = self.src.find("\n", end)
            self.pos = self.n if eol < 0 else eol
            self.after_comment = True
        elif tok == "$":
            self._dollar(start)
        elif tok == "~":
            w.space(start, end)
        elif tok == "&":
            if self._in_table():
                w.paragraph(start)
        elif tok == "#":
            if end < self.n and self.src[end].isdigit():
                self.pos = end + 1
        elif tok == "---":
            w.replace(start, end, "—")
        elif tok == "--":
            w.replace(start, end, "–")
        elif tok in ("``", "''"):
            w.replace(start, end, '"')
        elif tok == "`":
            w.replace(start, end, "'")
        else:
            w.text(start, end)

    def _in_table(self) -> bool:
        for frame in reversed(self.stack):
            if frame.kind == "env":
                return frame.table
        return False

    # -- control sequences ---------------------------------------------------------
    def _control(self, start: int, end: int) -> None:
        name = self.src[start + 1 : end]
        w = self.w
        if not name[:1].isalpha():
            self._symbol(start, end, name)
            return
        if name in ("begin", "end"):
            self._environment(start, end, begin=name == "begin")
            return
        rule = self.rules.commands.get(name)
        if end < self.n and self.src[end] == "*" and name + "*" in self.rules.commands:
            rule = self.rules.commands[name + "*"]
            end += 1
            self.pos = end
        if rule is not None:
            self._command(start, rule)
            return
        if name in lr.ACCENTS:
            self._accent(start, end, lr.ACCENTS[name], letter=True)
        elif name in lr.CHARACTERS:
            w.replace(start, end, lr.CHARACTERS[name])
        elif name in self.macros:
            text = self.macros[name]
            if text == TERM:
                w.placeholder(start, end, text)
            else:
                w.replace(start, end, text)
        elif name in lr.SPACES:
            w.space(start, end)
        elif name == "verb":
            self._verb(start)
        elif name in ("lstinline", "mintinline"):
            self._skip_optional()
            if name == "mintinline":
                self._skip_argument(verbatim=True)
            self._inline_code(start)
        elif name in ("def", "gdef", "edef", "xdef"):
            self._define()
        elif name == "let":
            self._let()
        else:
            self._unknown(start, end, name)

    def _symbol(self, start: int, end: int, char: str) -> None:
        w = self.w
        if char in lr.ESCAPES:
            w.replace(start, end, char)
        elif char in lr.SPACE_SYMBOLS:
            w.space(start, end)
        elif char in lr.ACCENTS:
            self._accent(start, end, lr.ACCENTS[char], letter=False)
        elif char == "\\":
            self._line_break(start, end)
        elif char in "([":
            self._display(start, end, ")" if char == "(" else "]")

    def _line_break(self, start: int, end: int) -> None:
        src = self.src
        if end < self.n and src[end] == "*":
            end += 1
        m = _LENGTH_ARG.match(src, end)
        if m:
            end = m.end()
        self.pos = end
        if self._in_table():
            self.w.paragraph(start)
        else:
            self.w.line_break(start, end)

    def _command(self, start: int, rule: lr.Rule) -> None:
        if rule.brk:
            self.w.paragraph(start)
        self._args(rule, rule.args, start)

    def _args(self, rule: lr.Rule, spec: str, start: int) -> None:
        """Read the arguments in ``spec``; a prose argument pushes a frame and returns."""
        src = self.src
        for k, kind in enumerate(spec):
            rest = spec[k + 1 :]
            if kind == "s":
                if self.pos < self.n and src[self.pos] == "*":
                    self.pos += 1
            elif kind in "oO":
                at = self._peek("[", skip_space=any(c in "mMv" for c in rest))
                if at < 0:
                    continue
                close = self._bracket_end(at)
                if close < 0:
                    continue
                if kind == "o" or rule.action in (lr.IGNORE, lr.DUMMY):
                    self.pos = close + 1
                else:
                    self.pos = at + 1
                    self._open_arg(rule, rest, start, "]")
                    return
            else:
                at = self._peek("{", skip_space=True)
                if at < 0:
                    if kind == "M" and rule.action not in (lr.IGNORE, lr.DUMMY):
                        break  # \emph x: the next token is read as prose anyway
                    self._skip_token()
                    continue
                if kind == "M" and rule.action not in (lr.IGNORE, lr.DUMMY):
                    self.pos = at + 1
                    self._open_arg(rule, rest, start, "}")
                    return
                self.pos = self._group_end(at, verbatim=kind == "v")
        self._finish_command(rule, start)

    def _finish_command(self, rule: lr.Rule, start: int) -> None:
        if rule.action == lr.DUMMY and rule.word:
            self.w.placeholder(start, self.pos, rule.word)
        if rule.brk:
            self.w.paragraph(self.pos)

    def _open_arg(self, rule: lr.Rule, rest: str, start: int, closer: str) -> None:
        frame = _Frame("arg", closer, rule=rule, rest=rest, start=start)
        if rule.title and self.w.muted:
            frame.muted = True
            self.w.muted = False
        if rule.action == lr.ASIDE:
            frame.writer = self.w
            sub = ProseWriter(ProseBuilder(self.src, language="latex"), self.src, collapse=True)
            sub.muted = self.w.muted
            self.w = sub
        self.stack.append(frame)

    def _close(self, frame: _Frame, *, resume: bool = True) -> None:
        """Close a frame; for a command argument, go on reading the command's arguments."""
        if frame.kind == "env":
            return
        if frame.writer is not None:
            sub = self.w
            sub.finish(self.pos)
            self.w = frame.writer
            self.w.aside(sub.builder.build())
        if frame.muted is not None:
            self.w.muted = frame.muted
        if frame.kind == "arg" and frame.rule is not None:
            if resume:
                self._args(frame.rule, frame.rest, frame.start)
            elif frame.rule.brk:
                self.w.paragraph(self.pos)

    def _unknown(self, start: int, end: int, name: str) -> None:
        """Unknown commands vanish and their braced arguments read as prose (ltex's default).

        A name that runs into a key ("\\citekey2003" for "\\cite{key2003}", braces lost)
        is read as that command with the key, so the key never becomes prose.
        """
        src = self.src
        if end < self.n and src[end] in _KEY_START:
            for cut in range(len(name) - 1, 1, -1):
                rule = self.rules.commands.get(name[:cut])
                if rule and rule.action in (lr.IGNORE, lr.DUMMY) and rule.args.endswith(("m", "v")):
                    key = _KEY.match(src, start + 1 + cut)
                    stop = key.end() if key else end
                    while stop > end and src[stop - 1] == ".":
                        stop -= 1
                    self.pos = stop
                    self._finish_command(rule, start)
                    return
        # An optional argument right after an unknown command is an option list, not prose.
        if end < self.n and src[end] == "[":
            close = self._bracket_end(end)
            if close >= 0:
                self.pos = close + 1

    # -- argument scanning helpers -------------------------------------------------
    def _peek(self, char: str, *, skip_space: bool) -> int:
        """The position of ``char`` at the cursor (after spaces and one newline), else -1."""
        i = self.pos
        if skip_space:
            newline = False
            while i < self.n and self.src[i] in " \t\r\n":
                if self.src[i] == "\n":
                    if newline:
                        return -1
                    newline = True
                i += 1
        return i if i < self.n and self.src[i] == char else -1

    def _group_end(self, at: int, *, verbatim: bool = False) -> int:
        """The end of the brace group opening at ``at`` (at a blank line if it never closes)."""
        depth = 0
        scan = _VERBATIM_GROUP_SCAN if verbatim else _GROUP_SCAN
        for m in scan.finditer(self.src, at):
            tok = m.group()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0:
                    return m.end()
            elif tok[0] == "\n":
                return m.start()
        return self.n

    def _bracket_end(self, at: int) -> int:
        """The matching "]" of the "[" at ``at`` outside braces, or -1.

        A failed search is repeated at every later "[", so it is bounded, and a span
        known to hold no "]" is not searched again ("\\item[" a thousand times).
        """
        if at < self._no_bracket_until:
            return -1
        depth = 0
        stop = min(self.n, at + _OPTION_LIMIT)
        seen = False
        for m in _BRACKET_SCAN.finditer(self.src, at + 1, stop):
            tok = m.group()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth < 0:
                    stop = m.start()
                    break
            elif tok == "]":
                if depth == 0:
                    return m.start()
                seen = True
            elif tok[0] == "\n":
                stop = m.start()
                break
        if not seen:
            self._no_bracket_until = stop
        return -1

    def _skip_optional(self) -> None:
        at = self._peek("[", skip_space=False)
        if at >= 0:
            close = self._bracket_end(at)
            if close >= 0:
                self.pos = close + 1

    def _skip_argument(self, *, verbatim: bool = False) -> None:
        at = self._peek("{", skip_space=True)
        if at >= 0:
            self.pos = self._group_end(at, verbatim=verbatim)
        else:
            self._skip_token()

    def _skip_token(self) -> None:
        """Skip one token: a control sequence or a character (after spaces)."""
        src = self.src
        i = self.pos
        while i < self.n and src[i] in " \t":
            i += 1
        if i >= self.n:
            self.pos = i
            return
        if src[i] == "\\":
            m = _CONTROL.match(src, i)
            self.pos = m.end() if m else i + 1
        elif src[i] in "\r\n":
            self.pos = i
        else:
            self.pos = i + 1

    # -- special commands ----------------------------------------------------------
    def _accent(self, start: int, end: int, mark: str, *, letter: bool) -> None:
        src = self.src
        i = end
        if letter:
            while i < self.n and src[i] == " ":
                i += 1
        base = ""
        if i < self.n and src[i] == "{":
            close = src.find("}", i, i + 6)
            inner = src[i + 1 : close].strip() if close > 0 else ""
            if inner in ("\\i", "\\j"):
                inner = inner[1]
            if close > 0 and len(inner) == 1 and inner.isalpha():
                base, i = inner, close + 1
        elif src.startswith(("\\i", "\\j"), i) and not src[i + 2 : i + 3].isalpha():
            base, i = src[i + 1], i + 2
        elif i < self.n and src[i].isalpha() and (letter or i == end):
            base, i = src[i], i + 1
        if not base:
            if letter:
                self._unknown(start, end, src[start + 1 : end])
            return
        self.pos = i
        self.w.replace(start, i, unicodedata.normalize("NFC", base + mark))

    def _verb(self, start: int) -> None:
        src = self.src
        i = self.pos
        if i < self.n and src[i] == "*":
            i += 1
        if i >= self.n or src[i].isspace() or src[i].isalpha():
            self.pos = i
            return
        delim = src[i]
        close = src.find(delim, i + 1)
        eol = src.find("\n", i + 1)
        if close < 0 or 0 <= eol < close:
            close = self.n - 1 if eol < 0 else eol - 1
        self.pos = close + 1
        self.w.placeholder(start, self.pos, CODE)

    def _inline_code(self, start: int) -> None:
        """The code argument of \\mintinline: braces or a delimiter, like \\verb."""
        if self._peek("{", skip_space=False) >= 0:
            self.pos = self._group_end(self.pos, verbatim=True)
            self.w.placeholder(start, self.pos, CODE)
        else:
            self._verb(start)

    def _define(self) -> None:
        """\\def\\name#1#2{body}: all of it is definition, none of it prose."""
        self._skip_token()
        brace = self.src.find("{", self.pos)
        blank = _BLANK_LINE.search(self.src, self.pos)
        if brace < 0 or (blank and blank.start() < brace):
            return
        self.pos = self._group_end(brace)

    def _let(self) -> None:
        self._skip_token()
        i = self.pos
        while i < self.n and self.src[i] in " =":
            i += 1
        self.pos = i
        self._skip_token()

    # -- math ----------------------------------------------------------------------
    def _dollar(self, start: int) -> None:
        display = self.src.startswith("$", start + 1)
        begin = start + (2 if display else 1)
        end = body_end = self.n
        for m in _DOLLAR_SCAN.finditer(self.src, begin):
            tok = m.group()
            if tok[0] == "$":
                if display and tok == "$":
                    continue
                body_end, end = m.start(), m.start() + (2 if display else 1)
                break
            if tok[0] == "\n":
                body_end = end = m.start()
                break
        self.pos = end
        self._math(start, end, self.src[begin:body_end] if display else "")

    def _display(self, start: int, end: int, closer: str) -> None:
        """\\( ... \\) or \\[ ... \\]."""
        stop = body_end = self.n
        for m in _ESCAPE_SCAN.finditer(self.src, end):
            if m.group(1) == closer:
                body_end, stop = m.start(), m.end()
                break
            if m.group(1) is None:
                body_end = stop = m.start()
                break
        self.pos = stop
        self._math(start, stop, self.src[end:body_end] if closer == "]" else "")

    def _math(self, start: int, end: int, body: str) -> None:
        """A math placeholder; display math keeps the punctuation that ends it."""
        body = _TRAILING_MATH.sub("", body[-200:])  # the end is all that matters, and bounded
        suffix = body[-1] if body.endswith(_PUNCTUATION_SUFFIX) else ""
        self.w.placeholder(start, end, MATH, suffix)

    # -- environments --------------------------------------------------------------
    def _environment(self, start: int, end: int, *, begin: bool) -> None:
        m = _ENV_NAME.match(self.src, end)
        if m is None:
            return
        name = m.group(1).strip()
        self.pos = m.end()
        if not begin:
            self._end_environment(start, name)
            return
        user = self.rules.environments.get(name)
        if name == "document":
            self.w.muted = False
            self.w.paragraph(start)
            self.stack.append(_Frame("env", name=name))
        elif user == "ignore" or (user is None and name in lr.VERBATIM_ENVIRONMENTS):
            self.w.paragraph(start)
            self.pos = self._end_of(name, math=False)
            self.w.paragraph(self.pos)
        elif user is None and name in lr.MATH_ENVIRONMENTS:
            body_start = self.pos
            stop = self._end_of(name, math=True)
            body = self.src[body_start:stop]
            body = re.sub(r"\\end\s*\{[^{}]*\}\s*$", "", body)
            self.pos = stop
            self._math(start, stop, body)
        else:
            self.w.paragraph(start)
            self.stack.append(_Frame("env", name=name, table=name in lr.TABLE_ENVIRONMENTS))
            spec = lr.ENVIRONMENT_ARGS.get(name, "")
            if spec:
                self._args(lr.Rule(spec, brk=True), spec, start)

    def _end_of(self, name: str, *, math: bool) -> int:
        """The end of ``\\end{name}`` after the cursor; math also ends at a blank line."""
        end = re.compile(r"\\end\s*\{" + re.escape(name) + r"\}").search(self.src, self.pos)
        stop = end.end() if end else self.n
        if math:
            blank = _BLANK_LINE.search(self.src, self.pos, stop)
            if blank:
                return blank.start()
        return stop

    def _end_environment(self, start: int, name: str) -> None:
        if name == "document":
            self.pos = self.n  # TeX reads nothing after \end{document}
        for k in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - _ENVIRONMENT_SEARCH), -1):
            frame = self.stack[k]
            if frame.kind == "env" and frame.name == name:
                while len(self.stack) > k:
                    self._close(self.stack.pop(), resume=False)
                self.w.paragraph(start)
                return


_DEFINITION = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand)\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(\[\s*\d)?\s*\{"
    r"|\\[gex]?def\s*\\([A-Za-z]+)\s*\{"
)
_UNWRAP = re.compile(r"\\(?:textsc|textbf|textit|textrm|textsf|emph|mbox|text)\s*\{([^{}]*)\}")
_EXPANSION_NOISE = re.compile(r"\\xspace\b|\\@|\\/|\{\}")
_PLAIN_EXPANSION = re.compile(r"[\w][\w .,'’-]{0,39}")


def _macros(source: str) -> dict[str, str]:
    """Argument-free macros the document defines, and the text each stands for.

    ``\\newcommand{\\method}{\\textsc{Gecko}\\xspace}`` reads "Gecko" and
    ``\\newcommand{\\eg}{e.g.\\@}`` reads "e.g."; anything more involved reads as a
    placeholder, so "We present \\method, a tagger" keeps its noun.
    """
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(source):
        name = m.group(1) or m.group(2) or m.group(4)
        if m.group(3) or not name:
            continue  # takes arguments: the default rule reads them as prose
        depth, end = 0, -1
        for k in range(m.end() - 1, min(len(source), m.end() + 200)):
            if source[k] == "{":
                depth += 1
            elif source[k] == "}":
                depth -= 1
                if depth == 0:
                    end = k
                    break
        body = source[m.end() : end] if end > 0 else ""
        body = _EXPANSION_NOISE.sub("", _UNWRAP.sub(r"\1", body)).strip()
        out[name] = body if _PLAIN_EXPANSION.fullmatch(body) else TERM
    return out
