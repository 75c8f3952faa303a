"""A careful, minimal TOML updater for the server-side commands.

The commands add one string to a list under ``[tool.wa]`` (``vocabulary``,
``disabled_rules``). Rather than re-serialising the user's file (losing comments,
order and layout), this edits only the lines of that one key: the file is cut into
statements, each the shortest run of lines that parses on its own, the key's
statement is found in the right table and rewritten (or a line is added), and the
result is parsed again and compared with the original so that nothing but the key
changed before it replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Where the table lives: "tool.wa" for pyproject.toml and .wa.toml files that use
# [tool.wa]; the root for a .wa.toml written without it.
TOOL_WA = ("tool", "wa")
ROOT: tuple[str, ...] = ()

_CLOSERS = ("]", "}", '"""', "'''")
_MAX_INLINE = 100


class ConfigWriteError(RuntimeError):
    """The file could not be updated safely; it is left as it was."""


@dataclass(frozen=True)
class _Statement:
    first: int  # first line
    stop: int  # one past the last line
    kind: str  # "trivia" (blank or comment), "header" or "value"
    path: tuple[str, ...] = ()  # a header's table, or a value's top-level key as one element
    array: bool = False  # an [[array of tables]] header
    value: Any = None


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string."""
    out = ['"']
    for c in value:
        cp = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif cp < 0x20 or cp == 0x7F:
            out.append(f"\\u{cp:04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def table_path_for(path: Path, data: dict[str, Any]) -> tuple[str, ...]:
    """Which table holds wa's settings in this file."""
    if path.name == "pyproject.toml" or "tool" in data:
        return TOOL_WA
    return ROOT


def add_to_list(path: Path, key: str, item: str) -> bool:
    """Add ``item`` to the list ``key`` of wa's table in ``path``, creating what is missing.

    Returns False when the item was already there. Raises ``ConfigWriteError`` (the file
    untouched) when the file is not valid TOML or the edit cannot be made safely.
    """
    try:
        raw = path.read_bytes() if path.exists() else b""
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigWriteError(f"cannot read {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigWriteError(f"{path} is not valid TOML: {exc}") from None
    where = (
        table_path_for(path, data) if text.strip() else (TOOL_WA if path.name == "pyproject.toml" else ROOT)
    )
    table = _lookup(data, where)
    if table is not None and not isinstance(table, dict):
        raise ConfigWriteError(f"{path}: [{'.'.join(where)}] is not a table")
    current = (table or {}).get(key, [])
    if isinstance(current, str):
        current = [current]
    if not isinstance(current, list) or not all(isinstance(v, str) for v in current):
        raise ConfigWriteError(f"{path}: {key} is not a list of strings")
    if item in current:
        return False
    wanted = [*current, item]
    new_text = _edit(text, where, key, wanted)
    _verify(path, data, new_text, where=where, key=key, wanted=wanted)
    _write_atomic(path, new_text)
    return True


def _lookup(data: dict[str, Any], where: tuple[str, ...]) -> Any:
    node: Any = data
    for part in where:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _split_lines(text: str) -> list[str]:
    # TOML lines end at \n (or \r\n); str.splitlines would also cut at \x0c, \u2028, ...
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _statements(lines: list[str]) -> list[_Statement]:
    out: list[_Statement] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            out.append(_Statement(i, i + 1, "trivia"))
            i += 1
            continue
        for j in range(i + 1, len(lines) + 1):
            last = lines[j - 1]
            if j > i + 1 and not any(c in last for c in _CLOSERS):
                continue
            try:
                parsed = tomllib.loads("".join(lines[i:j]))
            except tomllib.TOMLDecodeError:
                continue
            out.append(_classify(i, j, stripped, parsed))
            i = j
            break
        else:
            raise ConfigWriteError(f"cannot make sense of line {i + 1}")
    return out


def _classify(first: int, stop: int, stripped: str, parsed: dict[str, Any]) -> _Statement:
    if stripped.startswith("["):
        path: list[str] = []
        node: Any = parsed
        array = False
        while True:
            if isinstance(node, list) and len(node) == 1:
                array, node = True, node[0]
                continue
            if isinstance(node, dict) and len(node) == 1:
                (name, node), array = next(iter(node.items())), False
                path.append(name)
                continue
            break
        return _Statement(first, stop, "header", tuple(path), array)
    (name, value), *_ = parsed.items()
    return _Statement(first, stop, "value", (name,), value=value)


def _render_inline(key: str, values: list[str]) -> str:
    return f"{key} = [{', '.join(toml_string(v) for v in values)}]"


def _render_block(key: str, values: list[str], indent: str = "    ") -> str:
    body = "".join(f"{indent}{toml_string(v)},\n" for v in values)
    return f"{key} = [\n{body}]"


def _render(key: str, values: list[str]) -> str:
    line = _render_inline(key, values)
    return line if len(line) <= _MAX_INLINE else _render_block(key, values)


def _edit(text: str, where: tuple[str, ...], key: str, wanted: list[str]) -> str:
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = _split_lines(text)
    statements = _statements(lines)

    # The statements that belong to the table: after its header up to the next header
    # (for the root, from the start up to the first header).
    region: list[_Statement] | None = None
    header_index = -1
    if where == ROOT:
        region = []
        for st in statements:
            if st.kind == "header":
                break
            region.append(st)
    else:
        for n, st in enumerate(statements):
            if st.kind == "header" and st.path == where and not st.array:
                header_index = n
                region = []
                for follower in statements[n + 1 :]:
                    if follower.kind == "header":
                        break
                    region.append(follower)
                break

    if region is None:
        # No [tool.wa] header (the table exists only through sub-tables, or not at all):
        # add one at the end. Verification rejects the rare files where that is invalid.
        sep = "" if not text or text.endswith("\n") else nl
        blank = nl if text.strip() else ""
        return f"{text}{sep}{blank}[{'.'.join(where)}]{nl}{_render(key, wanted)}{nl}"

    for st in region:
        if st.kind == "value" and st.path == (key,):
            old = "".join(lines[st.first : st.stop])
            new = _rewrite_value(old, key, wanted, nl)
            return "".join(lines[: st.first]) + new + "".join(lines[st.stop :])

    values = [st for st in region if st.kind == "value"]
    if values:
        at = values[-1].stop
    elif where == ROOT:
        # Before the first table, after any leading comment block.
        at = 0
        for st in region:
            if st.kind != "trivia" or not lines[st.first].strip():
                break
            at = st.stop
    else:
        at = statements[header_index].stop
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += nl
    insert = _render(key, wanted) + nl
    return "".join(lines[:at]) + insert + "".join(lines[at:])


def _rewrite_value(old: str, key: str, wanted: list[str], nl: str) -> str:
    """The statement ``old`` (``key = [...]``) rewritten to hold ``wanted``."""
    ending = nl if old.endswith("\n") else ""
    body = old[: -len(ending)] if ending else old
    body = body.removesuffix("\r")
    candidates: list[str] = []
    item = wanted[-1]
    body_lines = body.split("\n")
    if len(body_lines) > 1 and body_lines[-1].strip().startswith("]"):
        # A block array: add a line before the closing bracket, keeping comments.
        indent = "    "
        for ln in body_lines[1:-1]:
            if ln.strip() and not ln.strip().startswith("#"):
                indent = ln[: len(ln) - len(ln.lstrip())]
                break
        new_line = f"{indent}{toml_string(item)},"
        head, closing = body_lines[:-1], body_lines[-1]
        candidates.append("\n".join([*head, new_line, closing]))
        # The last element may lack its trailing comma.
        for k in range(len(head) - 1, 0, -1):
            stripped = head[k].strip()
            if stripped and not stripped.startswith("#"):
                fixed = list(head)
                code, hash_, comment = head[k].partition(" #")
                fixed[k] = code.rstrip() + "," + (f" {hash_.strip()}{comment}" if hash_ else "")
                candidates.append("\n".join([*fixed, new_line, closing]))
                break
    else:
        # One line: keep a trailing comment after the closing bracket.
        close = body.rfind("]")
        tail = body[close + 1 :] if close >= 0 else ""
        comment = tail if tail.strip().startswith("#") else ""
        candidates.append(_render(key, wanted) + comment)
    candidates.append(_render(key, wanted))
    for candidate in candidates:
        cand = candidate.replace("\r\n", "\n").replace("\n", nl)
        try:
            if tomllib.loads(cand + "\n").get(key) == wanted:
                return cand + ending
        except tomllib.TOMLDecodeError:
            continue
    return _render(key, wanted).replace("\n", nl) + ending


def _verify(
    path: Path,
    before: dict[str, Any],
    new_text: str,
    *,
    where: tuple[str, ...],
    key: str,
    wanted: list[str],
) -> None:
    try:
        after = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigWriteError(f"could not update {path} safely ({exc}); add {key} by hand") from None
    table = _lookup(after, where)
    if not isinstance(table, dict) or table.get(key) != wanted:
        raise ConfigWriteError(f"could not update {path} safely; add {key} by hand")
    expected = _without(before, where, key)
    if _without(after, where, key) != expected:
        raise ConfigWriteError(f"could not update {path} without changing other settings")


def _without(data: dict[str, Any], where: tuple[str, ...], key: str) -> dict[str, Any]:
    """A copy of ``data`` without ``key`` in the table ``where`` (and without that table if it empties)."""
    if not where:
        return {k: v for k, v in data.items() if k != key}
    head, rest = where[0], where[1:]
    out = dict(data)
    sub = out.get(head)
    if isinstance(sub, dict):
        trimmed = _without(sub, rest, key)
        if trimmed:
            out[head] = trimmed
        else:
            out.pop(head)
    return out


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if mode is not None:
            Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise ConfigWriteError(f"cannot write {path}: {exc.strerror}") from None
