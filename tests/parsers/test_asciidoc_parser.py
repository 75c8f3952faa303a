"""AsciiDoc reads as its prose; listings, literals, passthroughs, comments and attributes do not."""

from __future__ import annotations

from prose_assertions import assert_prose, prose_of

from wa_core.document import Span
from wa_core.parsers import DEFAULT_GLOBS, language_for


def adoc(source: str, expected: str) -> None:
    assert_prose(source, expected, "asciidoc")


def test_the_language_is_known_by_its_id_and_extensions() -> None:
    assert language_for(language_id="asciidoc") == "asciidoc"
    assert language_for(language_id="adoc") == "asciidoc"
    assert language_for("guide/install.adoc") == "asciidoc"
    assert language_for("guide/install.asciidoc") == "asciidoc"
    assert "*.adoc" in DEFAULT_GLOBS


# -- the header and sections ------------------------------------------------------------
def test_the_document_header_keeps_its_title_only() -> None:
    adoc(
        "= User Guide\nJane Doe <jane@example.com>\nv1.2, 2024-05-01\n:toc: left\n\nFirst paragraph.",
        "User Guide\n\nFirst paragraph.",
    )


def test_section_titles_are_paragraphs_of_their_own() -> None:
    adoc(
        "== Getting started\nInstall it.\n\n=== Next ===\nRun it.",
        "Getting started\n\nInstall it.\n\nNext\n\nRun it.",
    )


def test_markdown_style_headings() -> None:
    adoc("## Getting started\n\nInstall it.", "Getting started\n\nInstall it.")


def test_two_line_titles_as_git_writes_them() -> None:
    adoc(
        "git-show-ref(1)\n===============\n\nNAME\n----\nShows the refs.",
        "git-show-ref(1)\n\nNAME\n\nShows the refs.",
    )


def test_a_line_before_a_listing_is_no_title() -> None:
    adoc("Run:\n----\nmake all\n----\n\nThen stop.", "Run:\n\nThen stop.")
    adoc("Build it with this command\n----\nmake all\n----", "Build it with this command")


def test_block_titles_are_prose() -> None:
    adoc(".Installing on Linux\n[source,sh]\n----\napt install x\n----", "Installing on Linux")


# -- blocks that are not prose --------------------------------------------------------------
def test_listing_literal_passthrough_and_fenced_blocks_are_skipped() -> None:
    adoc(
        "One.\n\n----\nls -l\n----\n\n....\nliteral\n....\n\n"
        "++++\n<b>raw</b>\n++++\n\n```python\nx = 1\n```\n\nTwo.",
        "One.\n\nTwo.",
    )


def test_a_delimiter_closes_only_on_the_same_line() -> None:
    adoc("------\na\n----\nb\n------\nAfter.", "After.")


def test_comments_are_skipped() -> None:
    adoc("// a note to self\nText here.\n\n////\nA block\nof comments.\n////\n\nMore.", "Text here.\n\nMore.")


def test_a_comment_line_inside_a_paragraph_is_dropped() -> None:
    adoc("One line\n// hidden\nand the next.", "One line\nand the next.")


def test_attribute_entries_and_preprocessor_lines_are_skipped() -> None:
    adoc(
        ":experimental:\n:url-repo: https://example.com/repo \\\n  continued\n\n"
        "ifdef::env-github[]\nText.\nendif::[]\ninclude::other.adoc[]",
        "Text.",
    )


def test_styled_paragraphs_are_skipped_when_the_style_is_code_or_verse() -> None:
    adoc("[source,python]\nprint('x')\n\n[verse]\n'git log' [--oneline]\n\nProse.", "Prose.")


def test_indented_paragraphs_are_literal() -> None:
    adoc("Run this:\n\n  $ make install\n  $ make test\n\nDone.", "Run this:\n\nDone.")


def test_block_macros_and_breaks_are_skipped() -> None:
    adoc("image::diagram.png[An overview]\n\n'''\n\n<<<\n\ntoc::[]\n\nText.", "Text.")


# -- blocks that hold prose ------------------------------------------------------------------
def test_example_sidebar_quote_and_open_blocks_are_read() -> None:
    adoc(
        "====\nAn example.\n====\n\n****\nA sidebar.\n****\n\n____\nA quote.\n____\n\n--\nAn open block.\n--",
        "An example.\n\nA sidebar.\n\nA quote.\n\nAn open block.",
    )


def test_a_styled_open_block_can_be_code() -> None:
    adoc("[source]\n--\nx = 1\n--\n\nText.", "Text.")


def test_admonitions_drop_their_label() -> None:
    adoc(
        "NOTE: Back up your data.\n\n[WARNING]\n====\nThis deletes files.\n====",
        "Back up your data.\n\nThis deletes files.",
    )


def test_markdown_style_quotes() -> None:
    adoc("> A quoted\n> sentence.", "A quoted\nsentence.")


# -- lists --------------------------------------------------------------------------------------
def test_list_items_are_paragraphs() -> None:
    adoc(
        "* first item\n* second item\n  continues\n** nested\n\n. one\n. two\n\n1. three\n- [x] done",
        "first item\n\nsecond item\ncontinues\n\nnested\n\none\n\ntwo\n\nthree\n\ndone",
    )


def test_a_list_continuation_attaches_the_next_block() -> None:
    adoc("* Install it.\n+\nThen run it.\n+\n----\nrun\n----", "Install it.\n\nThen run it.")


def test_description_lists_read_words_as_terms_and_skip_options() -> None:
    adoc("CPU:: The processor.\nRAM::\n  The memory.", "CPU\n\nThe processor.\n\nRAM\n\nThe memory.")
    adoc(
        "--verbose::\n--hash[=<n>]::\n\n\tShow more.\n+\nAnother paragraph.",
        "Show more.\n\nAnother paragraph.",
    )
    adoc(
        "[[def_bare]]bare repository::\n\tA repository without a working tree.",
        "bare repository\n\nA repository without a working tree.",
    )


def test_a_description_ends_at_the_next_term() -> None:
    adoc(
        "--show-commit;;\n\tshows the commit\n--oneline;;\n\tour version of it",
        "shows the commit\n\nour version of it",
    )
    adoc(
        "* Install it.\n+\nThen run it.\nRAM:: The memory.",
        "Install it.\n\nThen run it.\n\nRAM\n\nThe memory.",
    )


def test_a_second_indented_paragraph_after_a_description_is_literal() -> None:
    adoc("-q::\n\n\tBe quiet.\n\n\t$ git status -q\n\nNext.", "Be quiet.\n\nNext.")


def test_callout_lists() -> None:
    adoc("----\nrun <1>\n----\n<1> Starts the server.", "Starts the server.")


# -- tables -------------------------------------------------------------------------------------
def test_table_cells_are_paragraphs() -> None:
    adoc(
        "|===\n|Name |Meaning\n\n|Alpha |The first letter.\n|Beta |The second.\n|===",
        ("Name\n\nMeaning\n\nAlpha\n\nThe first letter.\n\nBeta\n\nThe second."),
    )


def test_literal_and_monospace_cells_are_skipped() -> None:
    adoc(
        '[cols="1,1m",options="header"]\n|===\n|Option |Value\n|Depth |some_value\n|Width l|raw text\n|===',
        "Option\n\nValue\n\nDepth\n\nWidth",
    )


def test_asciidoc_cells_are_read_as_blocks() -> None:
    adoc("|===\na|Intro.\n\n----\ncode\n----\n|===", "Intro.")


def test_an_escaped_bar_stays_in_its_cell() -> None:
    adoc("|===\n|grid |all \\| rows \\| none\n|===", "grid\n\nall | rows | none")


def test_csv_tables_are_data() -> None:
    adoc(",===\nname,value\na,b\n,===\n\n[format=csv]\n|===\nx,y\n|===\nText.", "Text.")


# -- inline markup ------------------------------------------------------------------------------
def test_formatting_marks_vanish() -> None:
    adoc(
        "This is *bold*, _italic_, #marked#, **un**constrained and __it__alic.",
        ("This is bold, italic, marked, unconstrained and italic."),
    )


def test_marks_inside_words_stay() -> None:
    adoc("snake_case_name and a * b and C# code", "snake_case_name and a * b and C# code")


def test_monospace_and_passthrough_are_code() -> None:
    adoc(
        "Run `make` or +make+ or ``x``y or +++<b>+++ or pass:[<u>].",
        "Run Code or Code or Codey or Code or Code.",
    )


def test_links_keep_their_text() -> None:
    adoc(
        "See https://example.com[the site,window=_blank], link:guide.html[the guide^] and https://example.org.",
        "See the site, the guide and Link.",
    )


def test_cross_references_keep_their_text() -> None:
    adoc(
        "See <<install,the install guide>>, <<setup>> and xref:ref.adoc[the reference].",
        ("See the install guide, Term and the reference."),
    )


def test_footnotes_follow_their_paragraph() -> None:
    adoc(
        "A claim.footnote:[A source for it.] More text.\n\nNext.",
        "A claim. More text.\n\nA source for it.\n\nNext.",
    )


def test_attribute_references() -> None:
    adoc(
        ":product: Acme Cloud\n\n{product} runs on {os-name} and prints {caret} and {nbsp}.",
        ("Acme Cloud runs on Term and prints ^ and \xa0."),
    )


def test_ui_macros_and_inline_images_are_terms() -> None:
    adoc(
        "Press kbd:[Ctrl+C], then btn:[Save] and menu:File[Close]. image:logo.png[Logo]",
        ("Press Code, then Term and Term. Term"),
    )


def test_git_manuals_quoted_names_and_replaceables() -> None:
    adoc(
        "Make 'git show-ref' act on 'next' with <commit> and <SHA-1 ID>.",
        "Make Code act on Code with Code and Code.",
    )


def test_apostrophes_are_not_quotes() -> None:
    adoc(
        "The users' files don't change; it's the owner's.", "The users' files don't change; it's the owner's."
    )


def test_escapes_drop_the_backslash() -> None:
    adoc(r"Write \*literal stars* and \{braces}.", "Write *literal stars* and {braces}.")


def test_character_references_and_hard_breaks() -> None:
    adoc("Fish &amp; chips +\nand peas.", "Fish & chips\nand peas.")


def test_anchors_and_index_terms() -> None:
    adoc("[[intro]]Some ((indexed)) words(((hidden))).", "Some indexed words.")


def test_emails_are_links() -> None:
    adoc("Write to jane@example.com today.", "Write to Link today.")


def test_positions_map_back_exactly() -> None:
    source = "== Title\r\n\r\nA *bold* claim with `code`.\r\n\r\n* item one\r\n"
    doc = prose_of(source, "asciidoc")
    start = doc.prose.index("claim")
    assert doc.to_source(Span(start, start + 5)).of(source) == "claim"
