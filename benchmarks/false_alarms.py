"""Alerts per 1,000 words on professionally written docs: wa's defaults against raw Harper.

Professional documentation is written clean, so nearly every alert on it is a false
alarm, and false alarms are what make people switch a checker off. Three columns:

- ``harper (source)``: Harper with all its default rules on the file as harper-cli
  sees it (its own Markdown handling, plain text otherwise);
- ``harper (prose)``: the same rules on the prose wa's parsers extract;
- ``wa``: ``wa check --rules-only`` with default settings (parsers, rule config, the
  name/identifier filters and inline comments);
- ``wa+model`` (with ``--with-model``): ``wa check`` with default settings, the model layer
  included, as a user gets it once the model is built. Measure it on text the model was not
  trained on: the Python documentation is part of its training prose, package READMEs are not.

Words are counted in wa's prose, the same denominator for every column.

Inputs are files or directories (walked for .md .markdown .rst .adoc .asciidoc .tex .txt). A ``METADATA``
file from a wheel's ``.dist-info``, or a ``.whl`` file itself, counts as its long description,
in the language its ``Description-Content-Type`` names (reStructuredText when it names none,
as the core metadata specification says); ``*.rst.txt`` (Sphinx ``_sources``) counts as
reStructuredText. The figures in the README come from::

    apt-get install python3.11-doc   # the Python tutorial and HOWTOs, as reST sources
    .venv/bin/python benchmarks/false_alarms.py \\
        /usr/share/doc/python3.11/html/_sources/tutorial /usr/share/doc/python3.11/html/_sources/howto \\
        .venv/lib/python3.11/site-packages/*.dist-info/METADATA

``--show`` lists wa's alerts with their context and first suggestion, to judge them by eye.

Professional reference docs in reStructuredText: CMake's own, Sphinx sources full of roles and
directives (``apt-get install cmake``; ``--suffix .rst`` leaves out the ``.txt`` fragments the
pages include)::

    .venv/bin/python benchmarks/false_alarms.py --suffix .rst /usr/share/cmake-3.25/Help

AsciiDoc: git's manuals, AsciiDoc.py sources in ``.txt`` files (``apt-get download git-doc``,
then ``dpkg -x git-doc_*.deb /tmp/gitdoc``)::

    .venv/bin/python benchmarks/false_alarms.py --language asciidoc --suffix .txt \\
        /tmp/gitdoc/usr/share/doc/git-doc

The model layer's guards were tuned on those installed READMEs, so check them on others it
never saw, straight from the wheels::

    pip download --no-deps --only-binary=:all: -d /tmp/wheels numpy pandas flask django click \\
        jinja2 pytest black fastapi sqlalchemy boto3 scrapy httpie celery pillow matplotlib \\
        seaborn scikit-learn networkx pyyaml toml mypy pylint isort poetry-core starlette \\
        uvicorn gunicorn aiohttp marshmallow
    .venv/bin/python benchmarks/false_alarms.py --with-model /tmp/wheels/*.whl

and 38 more (37 long descriptions), first measured after the guards of stop 46::

    pip download --no-deps --only-binary=:all: -d /tmp/wheels2 loguru arrow pendulum structlog \\
        plumbum tenacity cachetools more-itertools toolz humanize tabulate prettytable pyjwt passlib \\
        paramiko fabric invoke watchdog schedule apscheduler dramatiq rq huey peewee sqlmodel \\
        alembic trio tortoise-orm litestar falcon bottle sanic quart factory-boy faker freezegun \\
        responses vcrpy
    .venv/bin/python benchmarks/false_alarms.py --with-model /tmp/wheels2/*.whl

and 39 more, first measured in stop 48 (``sortedcontainers`` and ``cattrs`` left out: wa
installs them)::

    pip download --no-deps --only-binary=:all: -d /tmp/wheels3 polars duckdb pyzmq tornado \
        twisted websockets orjson msgspec python-dateutil babel pint boltons pyrsistent \
        marshmallow-dataclass environs dynaconf python-dotenv typeguard beartype icontract \
        hypothesis-jsonschema jsonschema referencing pygithub gitpython dulwich cryptography bcrypt \
        itsdangerous werkzeug flask-login wtforms authlib oauthlib httplib2 zeep lxml \
        beautifulsoup4 html5lib
    .venv/bin/python benchmarks/false_alarms.py --with-model /tmp/wheels3/*.whl

JavaScript packages' READMEs, Markdown from npm (first measured in stop 48)::

    mkdir -p /tmp/npm/md && cd /tmp/npm && npm pack --silent express axios chalk commander \
        yargs prettier eslint lodash dayjs date-fns zod ajv ws socket.io fastify koa hono vite \
        rollup esbuild jest mocha vitest tsx nodemon pm2 dotenv uuid nanoid immer redux zustand \
        mobx rxjs
    for f in *.tgz; do tar -xzf "$f" --wildcards --ignore-case 'package/readme.md' && \
        mv package/[Rr][Ee][Aa][Dd][Mm][Ee].md "md/${f%.tgz}.md"; rm -rf package; done
    .venv/bin/python benchmarks/false_alarms.py --with-model /tmp/npm/md

Academic prose: ACLSum's papers (the ``aclsum`` package; abstract, introduction and conclusion,
tokenised, so detokenised by the JFLEG tools beside the checkout). docs/cli.md's figures are
on the first 25 validation papers::

    mkdir -p /tmp/acl && .venv/bin/python -c "import json, sys; sys.path.insert(0, '../shared/tools')
    from textnorm import detok; import aclsum, pathlib
    rows = [json.loads(l) for l in (pathlib.Path(aclsum.__file__).parent / 'dataset/val.jsonl').open()]
    for r in rows[:25]: pathlib.Path('/tmp/acl', r['id'] + '.txt').write_text('\\n\\n'.join(
        detok(' '.join(r['sentences'][k])) for k in ('abstract', 'introduction', 'conclusion')) + '\\n')"
    .venv/bin/python benchmarks/false_alarms.py --show /tmp/acl
"""

from __future__ import annotations

import argparse
import email.parser
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wa_core.config import Config
from wa_core.parsers import parse
from wa_core.pipeline import Checkers, check_document

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "restructuredtext",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".tex": "latex",
    ".txt": "plaintext",
}
CONTENT_TYPES = {"text/markdown": "markdown", "text/x-rst": "restructuredtext", "text/plain": "plaintext"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass
class Doc:
    name: str
    text: str
    language: str


@dataclass
class Tally:
    words: int = 0
    docs: int = 0
    source: int = 0
    prose: int = 0
    wa: int = 0
    model: int | None = None
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.words += other.words
        self.docs += other.docs
        self.source += other.source
        self.prose += other.prose
        self.wa += other.wa
        if other.model is not None:
            self.model = (self.model or 0) + other.model
        self.rules.update(other.rules)


def documents(arg: str, suffixes: Sequence[str] = (), language: str | None = None) -> Iterator[Doc]:
    """The documents of a file or a directory's files (those ending in ``suffixes``, if any),
    read as ``language`` when it is given."""
    path = Path(arg)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and (not suffixes or p.name.endswith(tuple(suffixes)))
        )
    else:
        files = [path]
    for file in files:
        doc = read(file)
        if doc is not None and language is not None:
            doc.language = language
        if doc is not None and doc.text.strip():
            yield doc


def read(file: Path) -> Doc | None:
    if file.suffix == ".whl":
        with zipfile.ZipFile(file) as wheel:
            names = [n for n in wheel.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            if not names:
                return None
            return metadata(names[0].split("/")[0], wheel.read(names[0]).decode("utf-8", errors="replace"))
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.name == "METADATA":
        return metadata(file.parent.name, text)
    if file.name.endswith(".rst.txt"):
        return Doc(str(file), text, "restructuredtext")
    language = SUFFIXES.get(file.suffix.lower())
    return Doc(str(file), text, language) if language else None


def metadata(name: str, text: str) -> Doc | None:
    """A package's long description, from its core metadata."""
    message = email.parser.Parser().parsestr(text)
    # The core metadata spec: without a Description-Content-Type, the description is reST.
    kind = (message.get("Description-Content-Type") or "text/x-rst").split(";")[0].strip().lower()
    body = message.get_payload()
    language = CONTENT_TYPES.get(kind)
    if language is None or not isinstance(body, str):
        return None
    return Doc(name, body, language)


def measure(docs: Iterator[Doc], show: bool, with_model: Checkers | None = None) -> Tally:
    import harper

    raw = harper.Linter()  # every rule at Harper's default
    config = Config(checkers=("harper",))
    checkers = Checkers.from_config(config)
    tally = Tally(model=None if with_model is None else 0)
    for doc in docs:
        prose_doc = parse(doc.text, language=doc.language)
        tally.docs += 1
        tally.words += len(WORD.findall(prose_doc.prose))
        mode = "markdown" if doc.language == "markdown" else "plaintext"
        tally.source += len(raw.lint(doc.text, language=mode))
        tally.prose += len(raw.lint(prose_doc.prose, language="plaintext"))
        findings = check_document(prose_doc, config, checkers)
        tally.wa += len(findings)
        if with_model is not None:
            rules = {(f.span, f.rule) for f in findings}
            findings = check_document(prose_doc, Config(), with_model)
            tally.model = (tally.model or 0) + len(findings)
            findings = [f for f in findings if (f.span, f.rule) not in rules]  # the model's own
        for f in findings:
            tally.rules[f.rule] += 1
            if show:
                before = doc.text[max(0, f.span.start - 40) : f.span.start]
                after = doc.text[f.span.end : f.span.end + 40]
                fix = f.replacements(doc.text)
                arrow = f" -> {fix[0]!r}" if fix else ""
                context = f"{before}[{f.span.of(doc.text)}{arrow}]{after}".replace("\n", " ")
                print(f"  {doc.name}: {f.rule}: {context}")
    return tally


def per_1000(n: int, words: int) -> str:
    return f"{1000 * n / words:6.2f}" if words else "     -"


def row(label: str, t: Tally) -> str:
    line = (
        f"{label:<48} {t.docs:>5} {t.words:>8}  {per_1000(t.source, t.words):>15}"
        f" {per_1000(t.prose, t.words):>14} {per_1000(t.wa, t.words):>7}"
    )
    return line if t.model is None else line + f" {per_1000(t.model, t.words):>9}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files or directories")
    parser.add_argument(
        "--show", action="store_true", help="list wa's alerts with context and first suggestion"
    )
    parser.add_argument("--top", type=int, default=10, help="rules to list by alert count (default 10)")
    parser.add_argument(
        "--suffix",
        action="append",
        default=[],
        help="in directories, read only files ending so (repeatable; for example .rst, which leaves out "
        "the .txt fragments a Sphinx tree includes)",
    )
    parser.add_argument(
        "--language",
        help="read every file as this language (for example asciidoc for git's manuals, which end in .txt)",
    )
    parser.add_argument(
        "--with-model", action="store_true", help="add wa with the model layer (needs a built model)"
    )
    args = parser.parse_args(argv)
    with_model = None
    if args.with_model:
        with_model = Checkers.from_config(Config())
        if with_model.unavailable:
            print(f"model layer unavailable: {with_model.unavailable}", file=sys.stderr)
            return 2

    header = (
        f"{'corpus':<48} {'docs':>5} {'words':>8}  {'harper (source)':>15} {'harper (prose)':>14} {'wa':>7}"
        + (f" {'wa+model':>9}" if with_model else "")
    )
    print("alerts per 1,000 words")
    print(header)
    total = Tally()
    groups: dict[str, list[str]] = {}
    for p in args.paths:  # one row per directory argument, one for all loose files
        groups.setdefault(p if Path(p).is_dir() else "(files)", []).append(p)
    for name, paths in groups.items():
        tally = Tally()
        for p in paths:
            tally.add(measure(documents(p, args.suffix, args.language), args.show, with_model))
        total.add(tally)
        label = name if len(name) <= 48 else "…" + name[-47:]
        print(row(label, tally))
    print(row("all", total))
    model = "" if total.model is None else f", wa+model {total.model}"
    print(f"\nalerts: harper (source) {total.source}, harper (prose) {total.prose}, wa {total.wa}{model}")
    if total.rules:
        what = "the model layer's own" if with_model else "wa's"
        print(f"{what} alerts by rule (top {args.top}):")
        for rule, n in total.rules.most_common(args.top):
            print(f"  {n:5}  {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
