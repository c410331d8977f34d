"""The baseline ``gradkg query`` is measured against: the plain rdflib way, in one fresh process.

Import rdflib, parse the project's Turtle, resolve the parameter with the same lookup query and
answer with rdflib's SPARQL engine. Prints one line per row, tab-separated, for comparison.
Usage: python bench/rdflib_baseline.py QUERY NAME=VALUE
"""

from __future__ import annotations

import sys

from rdflib import Dataset, Literal, URIRef

from gradkg.loading import project_sources
from gradkg.project import find_project
from gradkg.querylib import bind_values, find_query, parse_query_file


def main(name: str, assignment: str) -> None:
    project = find_project()
    dataset = Dataset(default_union=True)
    for source in project_sources(project):
        dataset.graph(URIRef(source.graph)).parse(source.path, format="turtle")
    query = find_query(project.queries, name)
    param, _, value = assignment.partition("=")
    lookup = parse_query_file(project.queries / "lib" / "resolve-label.rq").text
    forms = [Literal(value).n3(), Literal(value, lang="zh").n3(), Literal(value, lang="en").n3()]
    found = dataset.query(bind_values(lookup, {"label": forms}))
    iris = sorted({row[0].n3() for row in found})
    for row in dataset.query(bind_values(query.text, {param: iris})):
        print("\t".join("" if term is None else str(term) for term in row))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
