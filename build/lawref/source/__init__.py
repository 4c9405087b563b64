"""Stage 1, source: bytes → text with a line and column for every piece → the document model.

The only code that knows the 编/章/节/条/款/项 patterns, numerals and the layout repairs. Hands on
``corpus.Sources`` (the corpus, the decoded source texts, the diagnostics); nothing downstream re-reads a file.
"""
