"""What the LaTeX parser does with each command and environment it knows.

A rule's ``args`` spell its argument signature, one letter per argument:
``s`` an optional star, ``o``/``O`` an optional ``[...]`` argument that is skipped /
prose, ``m``/``M`` a mandatory argument that is skipped / prose, ``v`` a mandatory
argument read verbatim (URLs: ``%`` and ``#`` are not special there).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from wa_core.parsers.writer import CITATION, CODE, LINK, MATH, REFERENCE, TERM


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What a command's arguments become.
TEXT = "text"  # prose arguments are prose
IGNORE = "ignore"  # nothing
DUMMY = "dummy"  # one placeholder word for the whole command
ASIDE = "aside"  # a footnote: prose, written after the paragraph it interrupts


@dataclass(frozen=True, slots=True)
class Rule:
    """How to read one command."""

    args: str = ""
    action: str = TEXT
    word: str = ""
    brk: bool = False  # a paragraph of its own (headings, captions, items)
    title: bool = False  # prose even in the preamble


def _rules(names: str, rule: Rule) -> dict[str, Rule]:
    return dict.fromkeys(names.split(), rule)


COMMANDS: dict[str, Rule] = {
    **_rules(
        "part chapter section subsection subsubsection paragraph subparagraph addchap addsec minisec",
        Rule("soM", brk=True),
    ),
    **_rules("frametitle framesubtitle", Rule("oM", brk=True)),
    **_rules("title subtitle", Rule("oM", brk=True, title=True)),
    **_rules("caption subcaption", Rule("soM", brk=True)),
    "captionof": Rule("smoM", brk=True),
    "item": Rule("O", brk=True),
    **_rules("footnote footnotetext marginpar", Rule("oM", ASIDE)),
    "thanks": Rule("M", ASIDE),
    "todo": Rule("om", IGNORE),
    **_rules(
        "emph textbf textit textsl textsc textup textmd textrm textsf textnormal underline uline "
        "sout mbox hbox fbox text textsuperscript textsubscript enquote",
        Rule("M"),
    ),
    **_rules("makebox framebox", Rule("ooM")),
    "foreignlanguage": Rule("omM"),
    **_rules("textcolor colorbox", Rule("omM")),
    "fcolorbox": Rule("ommM"),
    "multicolumn": Rule("mmM"),
    "multirow": Rule("omomoM"),
    "href": Rule("vM"),
    # Stand-ins: each becomes one placeholder word.
    **_rules("texttt code path file", Rule("om", DUMMY, CODE)),
    **_rules("url nolinkurl", Rule("v", DUMMY, LINK)),
    **_rules(
        "cite citep citet citealp citealt citeauthor citeyear citeyearpar citenum parencite textcite "
        "autocite footcite smartcite supercite fullcite Cite Citep Citet Parencite Textcite Autocite",
        Rule("soom", DUMMY, CITATION),
    ),
    **_rules("ref pageref vref nameref", Rule("sm", DUMMY, REFERENCE)),
    "eqref": Rule("m", DUMMY, f"({REFERENCE})"),
    **_rules(
        "cref Cref autoref Autoref labelcref cpageref Cpageref", Rule("sm", DUMMY, f"Figure {REFERENCE}")
    ),
    **_rules(
        "gls Gls GLS glspl Glspl GLSpl glstext acrshort acrlong acrfull ac Ac acp Acp acs acl acf acrfull",
        Rule("om", DUMMY, TERM),
    ),
    **_rules("SI qty", Rule("omm", DUMMY, MATH)),
    **_rules("si num unit ang", Rule("om", DUMMY, MATH)),
    "ensuremath": Rule("m", DUMMY, MATH),
    # No prose at all.
    **_rules(
        "label index glossary nocite include input includeonly bibliography bibliographystyle "
        "pagestyle thispagestyle pagenumbering hypersetup geometry graphicspath theoremstyle "
        "newlength cline stepcounter refstepcounter hyphenation pgfplotsset usetikzlibrary "
        "tikzset usetheme usecolortheme setmainfont setsansfont setmonofont",
        Rule("m", IGNORE),
    ),
    **_rules("usepackage RequirePackage documentclass LoadClass", Rule("omo", IGNORE)),
    **_rules("addbibresource color", Rule("om", IGNORE)),
    "includegraphics": Rule("soom", IGNORE),
    **_rules("setlength addtolength setcounter addtocounter settowidth settoheight", Rule("mm", IGNORE)),
    "newcounter": Rule("mo", IGNORE),
    "definecolor": Rule("mmm", IGNORE),
    **_rules("vspace hspace", Rule("sm", IGNORE)),
    **_rules("newcommand renewcommand providecommand", Rule("smoom", IGNORE)),
    **_rules("newenvironment renewenvironment", Rule("smoomm", IGNORE)),
    "DeclareMathOperator": Rule("smm", IGNORE),
    "newtheorem": Rule("smomo", IGNORE),
    "bibitem": Rule("om", IGNORE, brk=True),
    **_rules(
        "par newpage clearpage cleardoublepage pagebreak bigskip medskip smallskip maketitle "
        "tableofcontents listoffigures listoftables printbibliography appendix",
        Rule("", IGNORE, brk=True),
    ),
}

# Commands that stand for text.
CHARACTERS: dict[str, str] = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textendash": "–",
    "textemdash": "—",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textdegree": "°",
    "euro": "€",
    "pounds": "£",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textunderscore": "_",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "guillemotleft": "«",
    "guillemotright": "»",
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dag": "†",
    "ddag": "‡",
    "slash": "/",
    "textbullet": "•",
    "textperiodcentered": "·",
}

SPACES = _words(
    "quad qquad enspace enskip thinspace space nobreakspace medspace thickspace newline linebreak"
)

# Accent commands and the combining characters they put on the next letter.
ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "k": "\u0328",
    "t": "\u0361",
}

# Control symbols written as the character they escape; others (\- \/ \@ \!) vanish.
ESCAPES = frozenset("%&$#_{}")
SPACE_SYMBOLS = frozenset(" ,;:>\n\t")


def _starred(names: str) -> list[str]:
    return [n for name in names.split() for n in (name, name + "*")]


MATH_ENVIRONMENTS = frozenset(
    _starred(
        "equation align alignat gather multline flalign eqnarray math displaymath dmath dgroup darray "
        "IEEEeqnarray"
    )
)
# Bodies read as raw text up to their \end, never parsed.
VERBATIM_ENVIRONMENTS = frozenset(
    _starred("verbatim Verbatim BVerbatim LVerbatim lstlisting minted comment alltt filecontents")
) | _words("tikzpicture pgfpicture forest thebibliography asy")
TABLE_ENVIRONMENTS = frozenset(_starred("tabular tabularx tabulary longtable supertabular tblr xltabular"))

# Arguments of \begin{...} (skipped, except theorem-like optional titles).
ENVIRONMENT_ARGS: dict[str, str] = {
    "tabular": "om",
    "tabular*": "mom",
    "tabularx": "mom",
    "tabulary": "mom",
    "xltabular": "mom",
    "longtable": "om",
    "tblr": "om",
    "minipage": "ooom",
    "figure": "o",
    "figure*": "o",
    "table": "o",
    "table*": "o",
    "wrapfigure": "omom",
    "wraptable": "omom",
    "subfigure": "om",
    "subtable": "om",
    "multicols": "mo",
    "multicols*": "mo",
    "list": "mm",
    "itemize": "o",
    "enumerate": "o",
    "description": "o",
    "frame": "o",
    "column": "m",
    "columns": "o",
    "otherlanguage": "m",
    **dict.fromkeys(
        _starred(
            "theorem lemma corollary proposition definition remark example proof conjecture claim "
            "assumption observation note exercise problem"
        ),
        "O",
    ),
}


@dataclass(frozen=True, slots=True)
class Rules:
    """The built-in rules with a user's ``LatexSettings`` applied."""

    commands: Mapping[str, Rule]
    environments: Mapping[str, str]  # name -> "ignore" / "text"


_SIGNATURE = re.compile(r"\\?([A-Za-z@]+\*?)((?:\[\]|\{\}|\(\))*)\s*$")


def user_rules(commands: Mapping[str, str], environments: Mapping[str, str]) -> Rules:
    """Merge ``LatexSettings`` into the built-in rules; malformed keys are skipped."""
    table = dict(COMMANDS)
    for key, value in commands.items():
        m = _SIGNATURE.match(key.strip())
        action = value.strip().lower()
        if not m or action not in ("ignore", "dummy", "text", "default"):
            continue
        name, sig = m.group(1), m.group(2)
        if action == "default":
            if name in COMMANDS:
                table[name] = COMMANDS[name]
            else:
                table.pop(name, None)
            continue
        prose = action == "text"
        args = "".join(
            ("M" if prose else "m") if part == "{}" else "o"
            for part in re.findall(r"\[\]|\{\}|\(\)", sig)
            if part != "()"
        )
        base = COMMANDS.get(name.rstrip("*"), Rule())
        word = TERM if action == "dummy" else ""
        table[name] = replace(base, args=args, action=action, word=word)
    envs = {k.strip(): v.strip().lower() for k, v in environments.items() if v.strip().lower() != "default"}
    return Rules(table, envs)
