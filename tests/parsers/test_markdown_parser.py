"""Markdown reads as the prose a reader sees; code, URLs, HTML and math do not."""

from __future__ import annotations

import pytest
from prose_assertions import assert_prose, prose_of


def md(source: str, expected: str) -> None:
    assert_prose(source, expected, "markdown")


# -- paragraphs and headings ------------------------------------------------------------
def test_plain_paragraph_is_prose() -> None:
    md("Just a sentence.", "Just a sentence.")


def test_soft_line_breaks_stay_in_the_paragraph() -> None:
    md("one line\nnext line", "one line\nnext line")


def test_paragraphs_are_separated() -> None:
    md("First one.\n\n\n\nSecond one.", "First one.\n\nSecond one.")


def test_atx_headings_are_their_own_paragraphs() -> None:
    md("# Title\nText here.", "Title\n\nText here.")


def test_closing_hashes_are_not_prose() -> None:
    md("## Title ##", "Title")


def test_setext_headings_drop_their_underline() -> None:
    md("Title\n=====\n\nText.", "Title\n\nText.")


def test_thematic_break_separates_paragraphs() -> None:
    md("One.\n\n---\n\nTwo.", "One.\n\nTwo.")


# -- emphasis, escapes, entities --------------------------------------------------------
def test_emphasis_markers_are_removed() -> None:
    md("This is *very* **bold** and _quiet_ __loud__.", "This is very bold and quiet loud.")


def test_strikethrough_markers_are_removed() -> None:
    md("This is ~~gone~~ now.", "This is gone now.")


def test_intraword_underscores_stay() -> None:
    md("Set snake_case_name here.", "Set snake_case_name here.")


def test_unpaired_stars_are_text() -> None:
    md("Compute 2 * 3 and 2*3.", "Compute 2 * 3 and 2*3.")


def test_a_lone_tilde_stays() -> None:
    md("Edit ~/.bashrc now.", "Edit ~/.bashrc now.")


def test_backslash_escapes_become_the_character() -> None:
    md(r"Not \*emphasis\* here.", "Not *emphasis* here.")


def test_entities_are_decoded() -> None:
    md("Fish &amp; chips &mdash; &#169; 2024.", "Fish & chips — © 2024.")


def test_hard_breaks_become_newlines() -> None:
    md("one  \ntwo\\\nthree", "one\ntwo\nthree")


# -- code -------------------------------------------------------------------------------
def test_inline_code_becomes_a_placeholder() -> None:
    md("Run `pipx install dbsnap` first.", "Run Code first.")


def test_inline_code_with_double_backticks() -> None:
    md("Use ``a `b` c`` here.", "Use Code here.")


def test_unclosed_backticks_are_text() -> None:
    md("A ` stray tick.", "A ` stray tick.")


def test_placeholder_after_an_takes_a_vowel_sound() -> None:
    md("Use an `ls` call.", "Use an Item call.")


def test_a_placeholder_never_repeats_the_word_before_it() -> None:
    """A checker would read "math Math" or "Code Code" as a repeated word."""
    md("Inline math $O(n^2)$ and display math.", "Inline math Term and display math.")
    md("Run `make` `install` now.", "Run Code Term now.")
    md("Call the code `x` here.", "Call the code Term here.")


def test_fenced_code_is_skipped() -> None:
    md("Before:\n\n```console\n$ dbsnap init\n```\n\nAfter.", "Before:\n\nAfter.")


def test_tilde_fences_are_skipped() -> None:
    md("A.\n\n~~~\ncode\n~~~\n\nB.", "A.\n\nB.")


def test_indented_code_is_skipped() -> None:
    md("Text.\n\n    code block\n\nMore.", "Text.\n\nMore.")


def test_unclosed_fence_skips_to_the_end() -> None:
    md("Text.\n\n```\nnever closed\n\nstill code", "Text.")


# -- links, images, URLs ----------------------------------------------------------------
def test_link_text_is_prose_and_the_target_is_not() -> None:
    md('See [the guide](https://x.org/guide "Guide") now.', "See the guide now.")


def test_image_alt_text_is_prose() -> None:
    md("An ![architecture diagram](img/arch.png) here.", "An architecture diagram here.")


def test_badges_in_a_row_are_each_their_own_paragraph() -> None:
    # "PyPI PyPI" read as one sentence is a repeated word no reader sees
    md(
        "[![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/x) "
        "[![PyPI](https://img.shields.io/pypi/pyversions/x.svg)]() ![CI](ci.svg)\n"
        "[![Docs][docs-badge]][docs] then text.\n\n[docs]: https://x.org\n[docs-badge]: https://x.org/b.svg",
        "PyPI\n\nPyPI\n\nCI\n\nDocs\n\nthen text.",
    )


def test_an_image_inside_a_sentence_stays_in_it() -> None:
    md(
        "Click ![the gear](gear.png) or ![the cog](cog.png) to open it.",
        "Click the gear or the cog to open it.",
    )


def test_reference_links_keep_their_text() -> None:
    md("Read [the docs][d] or [docs].\n\n[d]: https://x.org\n[docs]: https://y.org", "Read the docs or docs.")


def test_brackets_that_are_not_links_stay() -> None:
    md("A [citation needed] remark.", "A [citation needed] remark.")


def test_links_with_parentheses_in_the_target() -> None:
    md("See [wiki](https://en.wikipedia.org/wiki/Foo_(bar)) please.", "See wiki please.")


def test_autolinks_become_a_placeholder() -> None:
    md("Visit <https://example.com> or <me@example.com>.", "Visit Link or Link.")


def test_bare_urls_become_a_placeholder() -> None:
    md("Visit https://example.com/a_b. Then www.example.org too.", "Visit Link. Then Link too.")


def test_footnote_references_are_dropped_and_definitions_are_prose() -> None:
    md("Text[^1] here.\n\n[^1]: The note.", "Text here.\n\nThe note.")


# -- HTML -------------------------------------------------------------------------------
def test_inline_html_tags_are_dropped() -> None:
    md("Some <b>bold</b> and <span class='x'>styled</span> text.", "Some bold and styled text.")


def test_br_reads_as_a_line_break() -> None:
    md("one<br>two and <br/> three", "one\ntwo and\nthree")


def test_html_comments_are_dropped() -> None:
    md("Keep <!-- not this --> that.", "Keep that.")


def test_html_blocks_without_text_leave_nothing() -> None:
    md("<div align='center'>\n<img src='x.png'>\n</div>\n\nText.", "Text.")


def test_html_blocks_keep_their_text_one_paragraph_per_element() -> None:
    md(
        "<details>\n<summary>Show the options</summary>\n\nInside text.\n\n</details>",
        "Show the options\n\nInside text.",
    )
    md(
        '<div align="center">\n  <h1>My Tool</h1>\n  <p>Fast &amp; <b>small</b>.</p>\n</div>',
        "My Tool\n\nFast & small.",
    )
    md("<table>\n<tr><td>One cell</td><td>Two <code>x</code></td></tr>\n</table>", "One cell\n\nTwo Code")


def test_code_scripts_and_styles_in_html_blocks_are_not_prose() -> None:
    md("<pre>\nsome code\n</pre>\n\n<script>\nvar x = 1;\n</script>\n\n<style>\np { x: y }\n</style>", "")


def test_inline_code_elements_are_code() -> None:
    md("Run <code>pip install x</code> or press <kbd>Ctrl</kbd>.", "Run Code or press Code.")


def test_removed_markup_leaves_no_space_before_punctuation() -> None:
    md("A sentence <!-- note -->.", "A sentence.")


# -- math -------------------------------------------------------------------------------
def test_inline_math_becomes_a_placeholder() -> None:
    md("For $n$ tokens we need $O(n^2)$ steps.", "For Math tokens we need Math steps.")


def test_dollar_amounts_are_not_math() -> None:
    md("It costs $5 and $10 today.", "It costs $5 and $10 today.")


def test_display_math_block_continues_the_sentence() -> None:
    md(
        "The energy is\n\n$$\nE = mc^2,\n$$\n\nwhere m is the mass.",
        "The energy is\nMath,\nwhere m is the mass.",
    )


def test_display_math_inside_a_paragraph() -> None:
    md("We get $$x = 1.$$ Then more.", "We get Math. Then more.")


# -- containers -------------------------------------------------------------------------
def test_list_items_are_separate_paragraphs() -> None:
    md("- one\n- two\n  continued\n\n1. first\n2) second", "one\n\ntwo\ncontinued\n\nfirst\n\nsecond")


def test_nested_lists() -> None:
    md("- outer\n  - inner item\n- last", "outer\n\ninner item\n\nlast")


def test_block_quotes_are_prose() -> None:
    md("> Quoted text\n> goes on.\n\nAfter.", "Quoted text\ngoes on.\n\nAfter.")


def test_lazy_block_quote_continuation() -> None:
    md("> Quoted\nlazy line.", "Quoted\nlazy line.")


def test_list_inside_a_quote() -> None:
    md("> - item one\n> - item two", "item one\n\nitem two")


# -- tables -----------------------------------------------------------------------------
def test_table_cells_are_separate_prose() -> None:
    md("| Name | Notes |\n|------|:-----:|\n| `x` | works well |", "Name\n\nNotes\n\nCode\n\nworks well")


def test_escaped_pipes_in_cells() -> None:
    md("| a \\| b |\n|---|\n| c |", "a | b\n\nc")


# -- front matter -----------------------------------------------------------------------
def test_yaml_front_matter_is_skipped() -> None:
    md("---\ntitle: My Post\ntags: [a, b]\n---\n\n# Heading\n\nText.", "Heading\n\nText.")


def test_toml_front_matter_is_skipped() -> None:
    md('+++\ntitle = "x"\n+++\nText.', "Text.")


def test_a_leading_rule_without_a_closer_is_not_front_matter() -> None:
    md("---\n\nText.", "Text.")


# -- positions --------------------------------------------------------------------------
def test_crlf_line_endings_keep_positions() -> None:
    doc = prose_of("# Title\r\n\r\nSome *text*\r\nnext `x` line.\r\n", "markdown")
    assert doc.prose.rstrip() == "Title\n\nSome text\nnext Code line."


def test_emoji_and_astral_characters_keep_positions() -> None:
    source = "Party 🎉 time with `code` and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 **text**."
    doc = prose_of(source, "markdown")
    assert doc.prose == "Party 🎉 time with Code and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text."
    start = doc.prose.index("text")
    from wa_core.document import Span

    assert doc.to_source(Span(start, start + 4)).of(source) == "text"


def test_nul_characters_do_not_shift_positions() -> None:
    doc = prose_of("a\0b *c*", "markdown")
    assert doc.prose == "a\0b c"


# -- documentation site extensions --------------------------------------------------------
def test_an_admonitions_indented_body_is_prose_not_code() -> None:
    """MkDocs and Python-Markdown write admonitions with an indented body, which CommonMark
    alone reads as a code block: its sentences went unchecked."""
    md(
        '!!! warning "Back up first"\n\n    This step deletes the data.\n\nAfter.',
        "Back up first\n\nThis step deletes the data.\n\nAfter.",
    )
    md("??? tip\n    A folded tip.", "A folded tip.")  # no title written: none checked


def test_a_content_tabs_indented_body_is_prose_and_its_title_a_label() -> None:
    """MkDocs Material's content tabs (`=== "pip"`) indent their body like admonitions."""
    source = (
        '=== "pip"\n\n    Install it with pip.\n\n    ```\n    pip install wa\n    ```\n\n'
        '===+ "conda"\n    Use conda.\n\nAfter.'
    )
    md(source, "Install it with pip.\n\nUse conda.\n\nAfter.")
    md("Title\n===\n\nText.", "Title\n\nText.")  # a setext heading's underline is no tab
    md('=== "Empty"\n\nAfter.', "After.")


def test_hugo_shortcodes_are_code_or_markup() -> None:
    """A shortcode that stands for something ("{{< ref "x" >}}") is code; paired ones around
    text ("{{% note %}}…{{% /note %}}") are markup, even paragraphs apart."""
    md('See {{< ref "install.md" >}} for the details.', "See Code for the details.")
    md("It is {{% note %}}short{{% /note %}} here.", "It is short here.")
    md("{{< tabs >}}\n\nText inside.\n\n{{< /tabs >}}", "Text inside.")
    md("A set {a, b} and {{ var }} stay text.", "A set {a, b} and {{ var }} stay text.")


def test_a_containers_fences_are_markup() -> None:
    """Docusaurus and VitePress write admonitions between ":::" fences; the title is a label."""
    md(":::tip My tip\n\nUse the latest version.\n\n:::\n\nAfter.", "Use the latest version.\n\nAfter.")
    md(":::note\nText right after it.\n:::", "Text right after it.")
    md("A ::: in a sentence stays.", "A ::: in a sentence stays.")


def test_mdx_imports_and_exports_are_code() -> None:
    """Docusaurus reads Markdown as MDX, whose import and export lines are JavaScript."""
    md("import Tabs from \"@theme/Tabs\";\nimport X from './x';\n\nText.", "Text.")
    md("export const toc = [];\n\nText.", "Text.")
    md('Import the data from "x" first.', 'Import the data from "x" first.')  # a sentence


def test_a_type_in_braces_and_a_myst_role_are_code() -> None:
    """API references write types in braces ("Returns: {Promise}"); MyST writes a role before
    its code ("{mod}`ensurepip`"). A checker cannot judge the article before either."""
    md("Fulfills with an {fs.Stats} for the file.", "Fulfills with an Item for the file.")
    md("It must be a {Uint8Array|Buffer} here.", "It must be a Code here.")
    md("It takes {MessagePort}s and {net.SocketAddress}es.", "It takes Code and Code.")
    md("Python comes with the {mod}`ensurepip` module.", "Python comes with the Code module.")
    md("A set {a, b} and {{ var }} stay text.", "A set {a, b} and {{ var }} stay text.")


def test_a_github_alerts_kind_is_markup() -> None:
    md("> [!NOTE]\n> Back up your data first.", "Back up your data first.")
    md("> [!note] is kept when it is the quote's text", "[!note] is kept when it is the quote's text")


def test_a_headings_attribute_list_is_markup() -> None:
    md("## Install {#install}\n\nText.", "Install\n\nText.")
    md("### Usage {: .wide #usage }", "Usage")
    md("A paragraph ends {#like-this}.", "A paragraph ends {#like-this}.")


def test_a_task_lists_boxes_are_markup() -> None:
    md("* [ ] open task\n* [x] done task", "open task\n\ndone task")
    md("1. [X] write the docs", "write the docs")
    md("- [link](https://example.com) item", "link item")


@pytest.mark.parametrize(
    "source",
    [
        "**unclosed emphasis",
        "[unclosed link(",
        "[text](unclosed",
        "![img](",
        "<div",
        "<!-- unclosed comment",
        "`",
        "$",
        "$$ unclosed",
        "| a |\n|--",
        "> ",
        "- ",
        "1.",
        "[^",
        "&#xZZ;",
        "\\",
        "---\nfront: matter",
        "```",
        "\r\r\n\n\r",
        "# \t",
    ],
)
def test_broken_markdown_never_raises(source: str) -> None:
    prose_of(source, "markdown")
