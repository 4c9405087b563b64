"""Stage 2, check: findings about the source (proofreading) and the permalink contract. Never renders.

Takes ``Sources`` (the corpus and the decoded texts); hands on a tuple of ``Diagnostic`` (findings are notes,
never fatal; a disappearing address is an error).
"""
