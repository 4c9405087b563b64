"""Stage 5, publish: the only code that writes HTML, Markdown, JSON, XML, PDF and Word: pages (one Jinja
environment, ``render.template_env``), the editorial layer's marks and pages (``editorial``), permalink manifest,
search index, exports and downloads.

Takes the corpus, the findings and the editorial records; hands on ``render.SiteOutput`` (pages, files, nav)
to the MkDocs plugin or ``lawref render``.
"""
