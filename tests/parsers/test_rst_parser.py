"""reStructuredText reads as its prose; literals, code, directives and targets do not."""

from __future__ import annotations

import pytest
from prose_assertions import assert_prose, prose_of


def rst(source: str, expected: str) -> None:
    assert_prose(source, expected, "restructuredtext")


# -- blocks -----------------------------------------------------------------------------
def test_paragraphs() -> None:
    rst("One line\nsame paragraph.\n\nNext one.", "One line\nsame paragraph.\n\nNext one.")


def test_section_titles_drop_their_adornment() -> None:
    rst("=====\nTitle\n=====\n\nSection\n-------\nText here.", "Title\n\nSection\n\nText here.")


def test_transitions_are_not_prose() -> None:
    rst("One.\n\n----------\n\nTwo.", "One.\n\nTwo.")


def test_bullet_and_enumerated_items_are_paragraphs() -> None:
    rst(
        "- first item\n- second item\n  continues\n\n1. one\n#. two\n(a) three",
        ("first item\n\nsecond item\ncontinues\n\none\n\ntwo\n\nthree"),
    )


def test_field_lists_keep_their_bodies() -> None:
    rst(
        ":param x: the value of\n    the parameter.\n:returns: nothing.",
        "the value of\nthe parameter.\n\nnothing.",
    )


def test_bibliographic_fields_are_not_prose() -> None:
    rst(":Author: Jane Q. Doe\n:Version: 1.0\n\nText.", "Text.")


def test_definition_lists() -> None:
    rst("Term\n    Its definition here.", "Term\n\nIts definition here.")


def test_block_quotes_are_prose() -> None:
    rst("Intro.\n\n    A quoted paragraph.", "Intro.\n\nA quoted paragraph.")


def test_line_blocks() -> None:
    rst("| First line\n| second line", "First line\n\nsecond line")


def test_option_lists_keep_descriptions() -> None:
    rst("-v, --verbose  Print more output.", "Print more output.")


# -- literal blocks ---------------------------------------------------------------------
def test_literal_blocks_after_double_colon_are_skipped() -> None:
    rst("Example::\n\n    not prose\n    either\n\nAfter.", "Example:\n\nAfter.")


def test_expanded_literal_marker_vanishes() -> None:
    rst("Example ::\n\n    code\n\nAfter.", "Example\n\nAfter.")


def test_a_lone_double_colon_vanishes() -> None:
    rst("Text.\n\n::\n\n    code\n\nAfter.", "Text.\n\nAfter.")


def test_doctest_blocks_are_skipped() -> None:
    rst(">>> print(1)\n1\n\nText.", "Text.")


# -- explicit markup --------------------------------------------------------------------
def test_code_directives_are_skipped() -> None:
    rst(".. code-block:: python\n   :linenos:\n\n   print('x')\n\nAfter.", "After.")


def test_unknown_directives_are_skipped() -> None:
    rst(".. toctree::\n   :maxdepth: 2\n\n   intro\n   usage\n\nText.", "Text.")


def test_admonition_bodies_are_prose() -> None:
    rst(
        ".. note:: This is a note\n   that continues.\n\n.. warning::\n\n   Be careful.",
        ("This is a note\nthat continues.\n\nBe careful."),
    )


def test_admonition_titles_are_paragraphs() -> None:
    rst(".. admonition:: Read this\n   :class: tip\n\n   The body.", "Read this\n\nThe body.")


def test_version_directives_skip_the_version() -> None:
    rst(".. versionadded:: 2.1\n   The new flag.", "The new flag.")


def test_figure_captions_are_prose() -> None:
    rst(".. figure:: img/plot.png\n   :width: 80%\n\n   The results plot.", "The results plot.")


def test_comments_are_skipped() -> None:
    rst(".. This is a comment\n   spanning lines.\n\n..\n   Another.\n\nText.", "Text.")


def test_targets_and_substitution_definitions_are_skipped() -> None:
    rst(".. _Python: https://python.org\n.. |name| replace:: wa\n__ https://x.org\n\nText.", "Text.")


def test_footnote_bodies_are_prose() -> None:
    rst(".. [1] The footnote text.\n.. [#note] Another one.", "The footnote text.\n\nAnother one.")


# -- inline markup ----------------------------------------------------------------------
def test_emphasis_and_strong_markers_are_removed() -> None:
    rst("This is *emphasised* and **strong**.", "This is emphasised and strong.")


def test_inline_literals_are_code() -> None:
    rst("Run ``make setup`` first.", "Run Code first.")


def test_code_roles_are_code() -> None:
    rst("Call :func:`wa.check` or :py:meth:`Doc.run`.", "Call Code or Code.")


def test_the_default_role_is_code() -> None:
    rst("Set `max_len` here.", "Set Code here.")


def test_math_and_citation_roles() -> None:
    rst("For :math:`x^2` see :cite:`naber2003`.", "For Math see [1].")


def test_reference_roles_keep_titles() -> None:
    rst("See :ref:`the intro <intro>`, :ref:`intro` and :numref:`fig-a`.", "See the intro, Term and 1.")


def test_prose_roles_keep_their_text() -> None:
    rst("A :emphasis:`key` and :term:`glossary word`.", "A key and glossary word.")


def test_hyperlink_references_keep_their_text() -> None:
    rst(
        "A `link text <https://x.org>`_ and `Python`_ and Python_ and `anon <u>`__.",
        ("A link text and Python and Python and anon."),
    )


def test_footnote_references_are_dropped() -> None:
    rst("A claim [1]_ and another [#]_.", "A claim and another.")


def test_substitution_references_become_a_placeholder() -> None:
    rst("Use |project| daily.", "Use Term daily.")


def test_inline_targets_keep_their_text() -> None:
    rst("An _`inline target` here.", "An inline target here.")


def test_escapes() -> None:
    rst(r"Not \*emphasis\* and back\ slash.", "Not *emphasis* and backslash.")


def test_bare_urls_are_placeholders() -> None:
    rst("Visit https://example.com/x. Then go.", "Visit Link. Then go.")


def test_markup_inside_words_stays() -> None:
    rst("Compute 2*3*4 and snake_case_name.", "Compute 2*3*4 and snake_case_name.")


# -- tables -----------------------------------------------------------------------------
def test_grid_table_cells_are_prose() -> None:
    rst(
        "+------+-------+\n| Name | Notes |\n+======+=======+\n| a b  | c d   |\n+------+-------+",
        ("Name\n\nNotes\n\na b\n\nc d"),
    )


def test_simple_table_cells_are_prose() -> None:
    rst(
        "=====  =====\nCol A  Col B\n=====  =====\nx one  y two\n=====  =====\n\nAfter.",
        ("Col A\n\nCol B\n\nx one\n\ny two\n\nAfter."),
    )


# -- positions and robustness -----------------------------------------------------------
def test_crlf_and_emoji_keep_positions() -> None:
    doc = prose_of("Title 🎉\r\n=======\r\n\r\nSome *text*\r\nwith ``x``.\r\n", "restructuredtext")
    assert doc.prose.rstrip() == "Title 🎉\n\nSome text\nwith Code."


@pytest.mark.parametrize(
    "source",
    [
        "``unclosed",
        "`unclosed",
        ":role:`x",
        ".. ",
        "..",
        "::",
        "=\n=",
        "+--",
        "| ",
        ".. [",
        "\t\tx",
        "*",
        "**",
    ],
)
def test_broken_rst_never_raises(source: str) -> None:
    prose_of(source, "restructuredtext")


def test_an_initial_at_a_paragraph_start_is_not_a_list() -> None:
    rst("A. Smith wrote\nthe book.", "A. Smith wrote\nthe book.")
