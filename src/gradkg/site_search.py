"""The published site's search: the names ``gradkg search`` matches, written at publish time for MiniSearch.

A static site has no server to ask, so publish folds every name once (as gradkg.names folds them, with
its Pinyin key) into ``static/search-docs.js``, and the search page indexes them in the reader's browser
with MiniSearch (vendored from npm) and then keeps what ``gradkg search`` would keep, in its order. The
documents are a classic script, not JSON: a page opened from ``file://`` may not fetch a file.
"""

from __future__ import annotations

import json

from gradkg.pages import Linker
from gradkg.search import MAX_HITS, MAX_TERM, SearchIndex


def documents(index: SearchIndex, links: Linker, published: set[str]) -> list[dict]:
    """One document per resource: its names (label, folded form, Pinyin key), what a hit shows, its pages."""
    names: dict[str, list[list]] = {}
    for iri, label, folded, pinyin in index.names:
        names.setdefault(iri, []).append([label, folded, pinyin])
    docs = []
    for number, (iri, hit) in enumerate(sorted(index.hits.items())):
        docs.append(
            {
                "id": number,
                "iri": iri,
                "labels": {lang: hit.label(lang) for lang in ("zh", "en")},
                "types": hit.shown_types(),
                "programmes": sorted(hit.programmes),
                "editions": sorted(hit.editions),
                "href": {lang: _published(links.iri(iri, lang), published) for lang in ("zh", "en")},
                "names": names.get(iri, []),
            }
        )
    return docs


def _published(href: str | None, published: set[str]) -> str | None:
    """The link when the site has that page (a skipped resource has none)."""
    if href is None or href.startswith(("http://", "https://")):
        return href
    return href if href.split("#", 1)[0] in published else None


def docs_script(docs: list[dict]) -> str:
    """The documents as a script that sets ``window.gradkgSearch`` (``</`` escaped, so it cannot close a tag)."""
    data = {"limit": MAX_HITS, "maxTerm": MAX_TERM, "docs": docs}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.gradkgSearch = {text};\n"
