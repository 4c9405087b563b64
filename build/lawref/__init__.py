"""lawref: source text → document model → static, annotated reference site."""

__version__ = "0.1.0"
