"""The per-document index (model.document_index) answers exactly what the linear searches it replaced did."""

from __future__ import annotations

import doctest
import gc
from dataclasses import replace

import lawref.model as model
from lawref.cite.citations import label_for
from lawref.model import document_index


def _linear_chapter_of(doc, art):
    return next((c for c in doc.chapters if any(a is art for a in c.articles)), None)


def test_index_matches_linear_search_on_the_real_regulation(regulation):
    ix = document_index(regulation)
    linear = tuple(a for c in regulation.chapters for a in c.articles)
    assert ix.articles == linear and regulation.articles() is ix.articles
    assert len(linear) > 40
    for n, art in enumerate(linear):
        assert ix.article[art.eid] is next(a for a in linear if a.eid == art.eid)
        assert ix.position_of[id(art)] == n
        assert ix.chapter_of[id(art)] is _linear_chapter_of(regulation, art)
    assert ix.unique_eids == (len({a.eid for a in linear}) == len(linear))
    assert ix.chapter_by_num == {c.num: c for c in regulation.chapters}


def test_a_changed_document_gets_its_own_index(regulation):
    """A document built by ``replace`` (even an equal one) never sees another document's lookups."""
    first = regulation.chapters[0]
    renamed = replace(first, articles=tuple(replace(a, label=a.label + "X") for a in first.articles))
    other = replace(regulation, chapters=(renamed, *regulation.chapters[1:]))
    art = renamed.articles[-1]
    assert label_for(other, art.eid) == art.label and label_for(regulation, art.eid) != art.label
    assert document_index(other).chapter_of[id(art)] is renamed
    twin = replace(regulation)
    assert document_index(twin) is not document_index(regulation)
    assert document_index(twin).articles == document_index(regulation).articles


def test_the_memo_drops_a_collected_document(regulation):
    doc = replace(regulation)
    document_index(doc)
    key = id(doc)
    assert key in model._INDEXES
    del doc
    gc.collect()
    assert key not in model._INDEXES


def test_model_docstring_examples():
    assert doctest.testmod(model).failed == 0
