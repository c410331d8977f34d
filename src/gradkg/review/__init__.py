"""``gradkg review``: a pre-publication review of one edition, as Markdown, HTML or PDF.

The steps, one module each: ``facts`` (the graph's answers about the programme's editions),
``quotes`` (the report's own sentences, found in its source text), ``findings`` (what a reviewer
must look at, placed in the report's section order), ``render`` (Markdown, HTML through Jinja2,
PDF through WeasyPrint) and ``command`` (an edition in the graph, or a report file ingested into a
temporary copy of the project).
"""
