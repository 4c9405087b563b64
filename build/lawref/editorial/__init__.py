"""Stage 4, editorial: the witness register and the annotations, loaded from YAML, validated against a declared
schema (file:line:col, nearest valid id) into typed records. Data only: never HTML.

Takes the corpus and the project's YAML files; hands on ``witnesses.Register`` and ``annotations.Annotation``
records.
"""
