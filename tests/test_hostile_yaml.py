"""Hostile YAML (annotations, metadata, witnesses): bounded work, a diagnostic at the real ``line:col``, never a traceback.

Issue 9: a 557-byte alias bomb ran the build out of memory, 20,000 nested lists were a RecursionError,
a duplicate key silently replaced the first, NUL bytes and bad UTF-8 were reported at 1:1.
"""

from __future__ import annotations

import textwrap

import pytest

from lawref.editorial.annotations import load_annotations
from lawref.editorial.witnesses import load_register
from lawref.pipeline import CORPUS_META, ProjectInput, build_corpus
from lawref.source.yamldoc import MAX_ALIASES, MAX_DEPTH, MAX_NODES, MAX_YAML_BYTES, load_yaml


def alias_bomb(levels: int = 9, fan: int = 9) -> str:
    """The billion-laughs document: each level is a list of ``fan`` aliases of the level before."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join(f"*{names[i - 1]}" for _ in range(fan)) + "]")
    return "\n".join(lines) + "\n"


def ann(corpus, text: str | bytes, name: str = "annotations/t.yml"):
    data = text if isinstance(text, bytes) else (textwrap.dedent(text) + "\ndocument: xunshi\n").encode()
    return load_annotations(((name, data),), corpus)


def one(diags):
    assert len(diags) == 1, [str(d) for d in diags]
    d = diags[0]
    assert d.severity == "error" and "expected" in d.message, str(d)
    return d


def test_the_alias_bomb_is_refused_at_an_alias(parsed_corpus):
    text = alias_bomb()
    assert len(text.encode()) < 600  # the 557-byte bomb
    d = one(ann(parsed_corpus, text)[1])
    assert d.code == "yaml-limit"
    # at one of the aliases (line 2 or later, on a '*')
    assert d.line >= 2 and text.split("\n")[d.line - 1][d.col - 1] == "*", str(d)
    assert f"{MAX_NODES:,}" in d.message


def test_many_aliases_are_refused_at_the_first_one_beyond_the_limit():
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 5)) + "]\n"
    _, _, diags = load_yaml("t.yml", text)
    d = one(diags)
    assert (d.line, d.code) == (2, "yaml-limit")
    assert text.split("\n")[1][d.col - 1:].startswith("*x"), str(d)
    assert text.split("\n")[1][:d.col - 1].count("*x") == MAX_ALIASES


def test_a_few_aliases_are_fine():
    data, _, diags = load_yaml("t.yml", "a: &x [1, 2]\nb: *x\nc: *x\n")
    assert diags == () and data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_a_recursive_alias_is_refused():
    d = one(load_yaml("t.yml", "a: &x [1, *x]\n")[2])
    assert (d.line, d.col, d.code) == (1, 11, "yaml-limit")


@pytest.mark.parametrize("form", ["flow", "block"])
def test_deep_nesting_is_a_diagnostic_not_a_recursion_error(form, parsed_corpus):
    depth = 20_000
    if form == "flow":
        text = "entries: " + "[" * depth + "]" * depth + "\n"
        where = (1, 10 + MAX_DEPTH - 1)   # the first '[' beyond the limit
    else:
        text = "entries:\n" + "".join(" " * i + "-\n" for i in range(300))
        where = (MAX_DEPTH + 1, MAX_DEPTH)  # line L holds the list nested L deep, at column L - 1
    d = one(ann(parsed_corpus, text.encode())[1])
    assert d.code == "yaml-limit" and f"{MAX_DEPTH} levels" in d.message
    assert (d.line, d.col) == where, str(d)


def test_deep_nesting_through_aliases_is_refused():
    lines = ["l0: &l0 [" + "[" * 40 + "]" * 40 + "]"]
    lines += [f"l{i}: &l{i} [" + "[" * 40 + f"*l{i - 1}" + "]" * 40 + "]" for i in range(1, 5)]
    d = one(load_yaml("t.yml", "\n".join(lines) + "\n")[2])
    assert d.code == "yaml-limit" and "deep" in d.message


def test_a_duplicate_key_names_both_places(parsed_corpus):
    d = one(ann(parsed_corpus, """\
        entries:
          - id: note-x
            kind: note
            target: art_6
            target: art_7
            body: 说明。
        """)[1])
    assert (d.line, d.col, d.code) == (5, 5, "yaml-duplicate-key")
    assert "'target'" in d.message and "line 4 column 5" in d.message


def test_a_second_entries_list_is_a_duplicate_key(parsed_corpus):
    d = one(ann(parsed_corpus, "entries: []\nentries: []\n")[1])
    assert (d.line, d.col, d.code) == (2, 1, "yaml-duplicate-key")


def test_a_list_as_a_key_is_refused():
    d = one(load_yaml("t.yml", "? [a, b]\n: 1\n")[2])
    assert d.code in ("yaml-key", "yaml-syntax") and d.line in (1, 2)


@pytest.mark.parametrize("bad", [b"\x00", b"\x07", b"\x1b", b"\x7f", "\x9b".encode(), "\ufffe".encode(), "\uffff".encode()])
def test_a_control_character_is_reported_where_it_is(bad, parsed_corpus):
    text = b"entries:\n  - id: note-x\n    kind: note\n    body: \xe8\xaf\xb4\xe6\x98\x8e" + bad + b"\n"
    d = one(ann(parsed_corpus, text)[1])
    assert (d.line, d.col, d.code) == (4, 13, "yaml-character"), str(d)   # right after '    body: 说明'


def test_bad_utf8_is_reported_where_it_is(parsed_corpus):
    text = "entries:\n  - id: note-x\n    kind: note\n    body: 说明".encode() + b"\xff\xfe" + b"\n"
    d = one(ann(parsed_corpus, text)[1])
    assert (d.line, d.col, d.code) == (4, 13, "yaml-encoding")


def test_an_oversized_annotation_file_is_refused_without_parsing(parsed_corpus):
    text = b"entries:\n" + b"  - {id: a, kind: note}\n" * (MAX_YAML_BYTES // 20)
    d = one(ann(parsed_corpus, text)[1])
    assert (d.line, d.col, d.code) == (1, 1, "yaml-size")


def test_bad_metadata_bytes_are_reported_where_they_are(project):
    meta = project.get(CORPUS_META)
    assert meta is not None
    at = meta.index(b"documents:")
    bad = meta[:at] + b"\xc3(" + meta[at:]
    files = tuple((p, bad if p == CORPUS_META else d) for p, d in project.files)
    corpus, diags = build_corpus(ProjectInput(project.root, files))
    d = one(diags)
    assert corpus is None and d.code == "yaml-encoding" and d.file == CORPUS_META
    assert d.line == meta[:at].count(b"\n") + 1 and d.col == 1


def test_metadata_with_a_duplicate_key(project):
    meta = project.get(CORPUS_META)
    assert meta is not None
    bad = meta.replace(b"\ndocuments:", b"\ndocuments: []\ndocuments:", 1)
    files = tuple((p, bad if p == CORPUS_META else d) for p, d in project.files)
    corpus, diags = build_corpus(ProjectInput(project.root, files))
    d = one(diags)
    assert corpus is None and d.code == "yaml-duplicate-key"


def test_witness_register_with_an_alias_bomb():
    _, diags = load_register("content/witnesses.yml", alias_bomb().encode())
    assert one(diags).code == "yaml-limit"


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029", "\r"])
def test_positions_count_lines_as_the_file_shows_them(brk, parsed_corpus):
    # YAML also ends lines at U+0085/U+2028/U+2029/CR; diagnostics count only LF (found by the fuzz test).
    text = f"entries:\n  - id: a\n    kind: x{brk}y\nentries: []\n"
    d = one(ann(parsed_corpus, text.encode())[1])
    assert (d.line, d.col) == (4, 1), str(d)
    assert d.code == "yaml-syntax", str(d)   # YAML reads 'y' as a new line without ':'; we name the line it is on
    text = f"entries: []\nx: \"a{brk}b\"\nentries: []\n"
    d = one(ann(parsed_corpus, text.encode())[1])
    assert (d.line, d.col, d.code) == (3, 1, "yaml-duplicate-key") and "first at line 1 column 1" in d.message, str(d)


@pytest.mark.parametrize("char, code", [("\u202e", "bidi-control"), ("\u2066", "bidi-control"), ("\u200b", "invisible-char"),
                                        ("\ufeff", "invisible-char"), ("\U000e0041", "format-char")])
def test_invisible_characters_in_an_annotation_are_errors_where_they_are(char, code, parsed_corpus):
    text = f"entries:\n  - id: note-x\n    kind: note\n    target: art_6\n    body: 说明{char}文字\n"
    d = one(ann(parsed_corpus, text.encode())[1])
    assert (d.line, d.col, d.code) == (5, 13, code), str(d)


def test_a_variation_selector_in_an_annotation_is_kept(parsed_corpus):
    anns, diags = ann(parsed_corpus, "entries:\n  - id: note-x\n    kind: note\n    target: art_6\n    body: 说\ufe01明\n")
    assert diags == () and "\ufe01" in anns[0].body
