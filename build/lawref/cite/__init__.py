"""Stage 3, cite: the one citation grammar (``grammar``) and its numeral codec (from ``source.numerals``),
resolving 本条例, 第X条, 前款, 《short title》第X条 to ids (``resolve``, ``link``), the URL scheme (``urls``), the
permalink manifest and the autolinker. Titles and aliases come from document metadata; the browser's copy of the
grammar is generated from the same data at build time.

Takes the corpus; hands on resolved references (``link.TextRef``) and permalink entries.
"""
