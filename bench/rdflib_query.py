"""One question answered the plain rdflib way over a built store, in one fresh process: the scale baseline.

Parse ``build/gradkg.nq`` into an rdflib Dataset whose default graph is the union of the named
graphs (as gradkg queries it), bind the parameters as the same VALUES block gradkg inserts, and
run rdflib's SPARQL. Prints the number of rows, so the caller can check both engines agree.
Usage: python bench/rdflib_query.py STORE.nq QUERY.rq [NAME=TERM ...]   (TERM in SPARQL syntax)
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Dataset

from gradkg.querylib import bind_values, parse_query_file


def main(store: str, query: str, assignments: list[str]) -> None:
    dataset = Dataset(default_union=True)
    dataset.parse(store, format="nquads")
    values = {name: [term] for name, _, term in (a.partition("=") for a in assignments)}
    text = bind_values(parse_query_file(Path(query)).text, values)
    print(len(list(dataset.query(text))))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
