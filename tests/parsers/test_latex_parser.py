"""LaTeX reads as the typeset prose; commands, math, keys and comments do not."""

from __future__ import annotations

import pytest
from prose_assertions import assert_prose, prose_of

from wa_core.config import LatexSettings


def tex(source: str, expected: str, *, latex: LatexSettings | None = None) -> None:
    assert_prose(source, expected, "latex", latex=latex)


# -- text commands ----------------------------------------------------------------------
def test_plain_text_is_prose() -> None:
    tex("Just a sentence.", "Just a sentence.")


def test_emphasis_keeps_its_text() -> None:
    tex(r"\emph{This} is \textbf{bold} and \textit{slanted}.", "This is bold and slanted.")


def test_nested_text_commands() -> None:
    tex(r"\textbf{very \emph{deeply} nested} text", "very deeply nested text")


def test_unknown_commands_vanish_and_keep_their_arguments() -> None:
    tex(r"A \mycmd{kept words} and \foo here.", "A kept words and here.")


def test_an_option_list_after_an_unknown_command_is_not_prose() -> None:
    tex(r"A \mybox[width=3cm]{boxed} word.", "A boxed word.")


def test_groups_are_transparent() -> None:
    tex(r"{\bfseries Bold} and {\small small} text.", "Bold and small text.")


def test_texttt_is_code() -> None:
    tex(r"Call \texttt{make\_setup} first.", "Call Code first.")


def test_verb_is_code() -> None:
    tex(r"Type \verb|x_y%z| now and \verb*!a b! too.", "Type Code now and Code too.")


def test_lstinline_and_mintinline_are_code() -> None:
    tex(r"Use \lstinline[language=C]|a b| or \mintinline{python}{x = {1}} here.", "Use Code or Code here.")


# -- sectioning -------------------------------------------------------------------------
def test_sections_are_their_own_paragraphs() -> None:
    tex(r"\section{Introduction}Text follows.", "Introduction\n\nText follows.")


def test_starred_sections_and_short_titles() -> None:
    tex(r"\section*{Intro} \subsection[Short]{A longer title} Body.", "Intro\n\nA longer title\n\nBody.")


def test_chapter_and_paragraph_headings() -> None:
    tex(r"\chapter{Related Work}\paragraph{Setup.} We ran it.", "Related Work\n\nSetup.\n\nWe ran it.")


def test_blank_lines_break_paragraphs() -> None:
    tex("One line\nsame paragraph.\n\n  \nNext paragraph.", "One line\nsame paragraph.\n\nNext paragraph.")


def test_par_breaks_paragraphs() -> None:
    tex(r"One.\par Two.", "One.\n\nTwo.")


# -- references, citations, labels ------------------------------------------------------
def test_citations_become_a_placeholder() -> None:
    tex(r"As shown in~\cite{naber2003rule}, rules work.", "As shown in [1], rules work.")


def test_citation_variants_and_notes() -> None:
    tex(r"Models \citep[see][p.~3]{a,b} and \citet*{c} agree.", "Models [1] and [1] agree.")


def test_references_read_as_numbers() -> None:
    tex(r"See Figure~\ref{fig:a} and Equation~\eqref{eq:b}.", "See Figure 1 and Equation (1).")


def test_cleveref_names_the_figure() -> None:
    tex(r"\Cref{fig:a} shows it.", "Figure 1 shows it.")


def test_labels_are_not_prose() -> None:
    tex(r"\section{Intro}\label{sec:intro} Text \label{x}here.", "Intro\n\nText here.")


def test_removed_commands_leave_no_double_space_or_space_before_punctuation() -> None:
    tex(r"Text \label{a} more \index{b}.", "Text more.")


def test_a_citation_key_without_braces_is_not_prose() -> None:
    # What a template tool leaves of \cite{{naber2003rule}}: the key must not become words.
    tex(
        r"hand-written rules~\citenaber2003rule. Later \labelchap:related work.",
        "hand-written rules [1]. Later work.",
    )


# -- preamble and non-prose commands ----------------------------------------------------
def test_the_preamble_yields_only_the_title() -> None:
    source = (
        "\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n"
        "\\newcommand{\\R}{\\mathbb{R}}\n\\title{A Study}\n\\author{Jane Doe}\n"
        "\\begin{document}\n\\maketitle\nText.\n\\end{document}\nIgnored after the end."
    )
    tex(source, "A Study\n\nText.")


def test_a_fragment_without_document_is_all_prose() -> None:
    tex(r"\input{chapter1} Some text.", "Some text.")


def test_definitions_are_not_prose() -> None:
    tex(
        "\\newcommand\\foo[1]{\\textbf{#1}}\\renewcommand{\\bar}{baz}\\def\\x#1{y #1}\\let\\a=\\b Text.",
        "Text.",
    )


def test_graphics_urls_and_packages_are_not_prose() -> None:
    tex(r"\includegraphics[width=\linewidth]{fig/plot.pdf}Text \url{http://x.org/a%20b}.", "Text Link.")


def test_href_text_is_prose() -> None:
    tex(r"See \href{https://x.org/~me}{my page} now.", "See my page now.")


def test_footnotes_follow_their_paragraph() -> None:
    tex(
        r"The method\footnote{See the appendix.} works well. Next.\n\nOther.".replace(r"\n", "\n"),
        "The method works well. Next.\n\nSee the appendix.\n\nOther.",
    )


def test_captions_are_paragraphs() -> None:
    tex(
        "\\begin{figure}[t]\\centering\n\\includegraphics{a}\n\\caption{Results on the test set.}\n"
        "\\label{fig:r}\\end{figure}",
        "Results on the test set.",
    )


# -- math -------------------------------------------------------------------------------
def test_inline_math_becomes_a_placeholder() -> None:
    tex(r"\emph{This} is $x^2$ fine.", "This is Math fine.")


def test_paren_math_and_article_agreement() -> None:
    tex(
        r"We use an \(O(n)\) algorithm and a $k$-means step.",
        "We use an Item algorithm and a Math-means step.",
    )


def test_display_math_keeps_the_sentence_together() -> None:
    tex(
        "The energy is\n\\[ E = mc^2, \\]\nwhere $m$ is the mass.",
        "The energy is\nMath,\nwhere Math is the mass.",
    )


def test_double_dollar_display_math() -> None:
    tex("We have $$ a = b $$ here.", "We have Math here.")


def test_math_environments_keep_their_final_punctuation() -> None:
    tex(
        "It holds that\n\\begin{equation}\n  a = b. \\label{eq:1}\n\\end{equation}\nNext sentence.",
        "It holds that\nMath.\nNext sentence.",
    )


@pytest.mark.parametrize("env", ["align", "align*", "gather", "multline*", "eqnarray", "displaymath", "math"])
def test_math_environments(env: str) -> None:
    tex(f"Then \\begin{{{env}}} x &= 1 \\\\ y &= 2 \\end{{{env}}} holds.", "Then Math holds.")


def test_escaped_dollars_are_not_math() -> None:
    tex(r"It costs \$5 and \$10.", "It costs $5 and $10.")


def test_unclosed_math_stops_at_the_paragraph() -> None:
    tex("Broken $x + y\n\nNext paragraph.", "Broken Math\n\nNext paragraph.")


# -- comments and special characters ----------------------------------------------------
def test_comments_are_skipped() -> None:
    tex("Text % a comment\nmore text.", "Text more text.")


def test_a_comment_at_a_line_end_joins_the_lines() -> None:
    tex("hyphen%\nated", "hyphenated")


def test_comment_lines_keep_paragraph_breaks() -> None:
    tex("One.\n% comment\n\nTwo.", "One.\n\nTwo.")


def test_escaped_percent_is_text() -> None:
    tex(r"About 50\% of \& all \#1 \_x \{y\}.", "About 50% of & all #1 _x {y}.")


def test_ties_and_spaces() -> None:
    tex(r"Dr.~Smith and Fig.\ 3 have a\quad gap.", "Dr. Smith and Fig. 3 have a gap.")


def test_quotes_and_dashes() -> None:
    tex("``Quoted'' text -- and --- dashes; `single'.", "\"Quoted\" text – and — dashes; 'single'.")


def test_line_breaks_are_newlines() -> None:
    tex(r"First line\\second line \\[2pt] third\\*fourth.", "First line\nsecond line\nthird\nfourth.")


def test_accents_compose() -> None:
    tex(r"caf\'e na\"{\i}ve \v{S}koda \c{c}a \ss{} \o{} \`a", "café naïve Škoda ça ß ø à")


def test_text_symbols() -> None:
    tex(r"\LaTeX{} and \TeX\ are typeset\ldots{} \S 3", "LaTeX and TeX are typeset… § 3")


def test_hyphenation_hints_vanish() -> None:
    tex(r"super\-cali\-fragilistic", "supercalifragilistic")


# -- environments -----------------------------------------------------------------------
def test_verbatim_environments_are_skipped() -> None:
    tex("Before.\n\\begin{verbatim}\n\\section{x} not prose\n\\end{verbatim}\nAfter.", "Before.\n\nAfter.")


@pytest.mark.parametrize("env", ["lstlisting", "minted", "comment", "Verbatim"])
def test_code_environments_are_skipped(env: str) -> None:
    tex(f"A.\\begin{{{env}}}[opt]{{x}}\ncode here\n\\end{{{env}}}B.", "A.\n\nB.")


def test_list_items_are_paragraphs() -> None:
    tex(
        "\\begin{itemize}\n  \\item First item.\n  \\item Second item.\n\\end{itemize}",
        "First item.\n\nSecond item.",
    )


def test_description_labels_are_prose() -> None:
    tex(r"\begin{description}\item[Speed] It is fast.\end{description}", "Speed\n\nIt is fast.")


def test_table_cells_are_separate() -> None:
    tex(
        "\\begin{tabular}{l|c}\\hline\nName & Value \\\\\n"
        "\\multicolumn{2}{c}{Total row} \\\\\n\\end{tabular}",
        "Name\n\nValue\n\nTotal row",
    )


def test_theorem_titles_are_prose() -> None:
    tex(
        r"\begin{theorem}[Main result] Every graph is fine.\end{theorem}",
        "Main result\n\nEvery graph is fine.",
    )


def test_environment_names_and_options_are_not_prose() -> None:
    tex(r"\begin{minipage}[t]{0.5\linewidth}Inside.\end{minipage}", "Inside.")


# -- user settings ----------------------------------------------------------------------
def test_user_commands_can_be_ignored() -> None:
    settings = LatexSettings(commands={"\\todo{}": "ignore", "\\mycite[]{}": "dummy"})
    tex(r"Text\todo{fix this} as in \mycite[p.~2]{key}.", "Text as in Term.", latex=settings)


def test_user_commands_can_be_prose() -> None:
    settings = LatexSettings(commands={"\\note{}": "text", "\\todo{}": "text"})
    tex(r"\note{Kept} and \todo{also kept}.", "Kept and also kept.", latex=settings)


def test_user_commands_can_restore_the_default() -> None:
    settings = LatexSettings(commands={"\\cite{}": "default", "\\label{}": "text"})
    tex(r"See \cite{k} \label{visible}.", "See [1] visible.", latex=settings)


def test_todo_is_ignored_by_default() -> None:
    tex(r"Text\todo{fix} here.", "Text here.")


def test_user_environments() -> None:
    settings = LatexSettings(environments={"algorithm": "ignore", "verbatim": "text"})
    tex(
        "A.\\begin{algorithm}\nsteps\n\\end{algorithm}\\begin{verbatim}Now prose.\\end{verbatim}",
        "A.\n\nNow prose.",
        latex=settings,
    )


def test_malformed_user_settings_are_skipped() -> None:
    settings = LatexSettings(commands={"not a command": "ignore", "\\x{}": "explode"})
    tex(r"\x{kept}", "kept", latex=settings)


# -- positions and robustness -----------------------------------------------------------
def test_crlf_and_emoji_keep_positions() -> None:
    doc = prose_of("\\section{Party 🎉}\r\nText with \\emph{𝔘𝔫𝔦} here.\r\n\r\nNext.", "latex")
    assert doc.prose.rstrip() == "Party 🎉\n\nText with 𝔘𝔫𝔦 here.\n\nNext."


@pytest.mark.parametrize(
    "source",
    [
        r"\emph{unclosed",
        r"closing } brace",
        r"\begin{itemize} \item never closed",
        r"\end{itemize} without a begin",
        r"\begin{equation} x = 1",
        r"\begin{verbatim} never closed",
        r"\begin",
        r"\begin{",
        r"\section",
        r"\section[",
        r"\footnote{unclosed \emph{nested",
        "$unclosed math",
        "$$",
        r"\(",
        r"\[ x",
        r"\verb",
        r"\verb|x",
        r"\cite[",
        r"\url{http://x",
        r"\\",
        "\\",
        "%",
        r"\'",
        r"\newcommand",
        r"\def\x",
        r"\let",
        "}}}{{{]]][[[",
        r"\item[unclosed",
        r"\title{x} \begin{document}",
        r"\end{document}",
        "~~~``''---",
    ],
)
def test_broken_latex_never_raises(source: str) -> None:
    prose_of(source, "latex")


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    doc = prose_of("\\emph{" * depth + "deep" + "}" * depth, "latex")
    assert doc.prose == "deep"


def test_a_commented_out_document_environment_does_not_mute_a_fragment() -> None:
    tex("% \\begin{document}\nChapter text.", "Chapter text.")


def test_macros_the_document_defines_read_as_their_text() -> None:
    tex(
        "\\newcommand{\\method}{\\textsc{Gecko}\\xspace}\\newcommand\\eg{e.g.\\@}"
        "\\def\\R{\\mathbb{R}}\\newcommand{\\twice}[1]{#1 #1}\n"
        "We present \\method, a tagger, \\eg for \\R and \\twice{words}.",
        "We present Gecko, a tagger, e.g. for Term and words.",
    )


def test_removed_commands_keep_the_space_before_an_opening_quote() -> None:
    tex("He said \\label{x} ``Hi'' and \\index{y} 'yes'.", "He said \"Hi\" and 'yes'.")
