"""HTML pages for people: a resource's page, class pages, the home page, a 404 page.

Every value goes through Jinja2's autoescaping, so a label that contains markup shows as text.
Labels come in the chosen language with a fallback; IRIs under the data's base link to their page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from gradkg.engine import rows_of
from gradkg.jsonld import schema_org_object, script_json
from gradkg.project import BASE, ONTOLOGY, Project
from gradkg.querylib import bind_values, parse_query_file
from gradkg.views import curie

# The published search page's scripts, in load order: MiniSearch, the names publish wrote, the page's own.
SEARCH_SCRIPTS = ("minisearch.js", "search-docs.js", "search-page.js")

ENVIRONMENT = Environment(loader=PackageLoader("gradkg", "templates"), autoescape=select_autoescape(["html"]))
RDF_FORMATS = [
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("trig", "application/trig", "TriG"),
    ("nt", "application/n-triples", "N-Triples"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DEGREE_PROGRAMME = ONTOLOGY + "DegreeProgramme"
PROGRAMMES = BASE + "programme/"
TEXT = {
    "zh": {
        "home": "首页",
        "query": "查询",
        "properties": "属性",
        "links_in": "指向它的资源",
        "sources": "出处",
        "formats": "其他格式",
        "members": "成员",
        "types": "类型",
        "not_found": "找不到该资源",
        "licence": "许可",
        "editions": "年度",
        "dashboard": "统计仪表板",
        "review": "发布前审阅",
        "compare": "学位点比较",
    },
    "en": {
        "home": "Home",
        "query": "Query",
        "properties": "Properties",
        "links_in": "What links here",
        "sources": "Sources",
        "formats": "Other formats",
        "members": "Members",
        "types": "Types",
        "not_found": "No such resource",
        "licence": "Licence",
        "editions": "Editions",
        "dashboard": "Statistics dashboard",
        "review": "Pre-publication review",
        "compare": "Compare programmes",
    },
}


def choose_language(requested: str | None, accept_language: str) -> str:
    """?lang wins; else zh or en as Accept-Language ranks them (q-values, RFC 9110, Werkzeug's matcher);
    else Chinese, the reports' language."""
    if requested in ("zh", "en"):
        return requested
    return parse_accept_header(accept_language, LanguageAccept).best_match(["zh", "en"], default="zh")


def site_path(iri: str) -> str | None:
    """Where a data IRI's page lives on the site, relative to its root: id/… or class/…."""
    if iri.startswith(BASE):
        return "id/" + iri[len(BASE) :]
    if iri.startswith(ONTOLOGY):
        return "class/" + iri[len(ONTOLOGY) :]
    return None


@dataclass(frozen=True)
class Linker:
    """How pages link: served (``/path?lang=en``) or static files (``../path.en.html``, from any folder)."""

    root: str = "/"
    static: bool = False

    def page(self, path: str, lang: str) -> str:
        if not self.static:
            return f"{self.root}{path}?lang={lang}"
        return f"{self.root}{path}{'' if lang == 'zh' else '.en'}.html"

    def iri(self, iri: str, lang: str) -> str | None:
        """A link that keeps the reader's language on this site; other http(s) IRIs link out unchanged.

        A data IRI with a fragment (a rule's constraint) is described in its parent's page. Any
        other scheme (``javascript:``, ``data:``, ``file:`` …) gets no link: data must not become script.
        """
        if not iri.lower().startswith(("http://", "https://")):
            return None
        if (
            iri.startswith(ONTOLOGY) and iri[len(ONTOLOGY) :][:1].islower()
        ):  # a property: its entry in the ontology page
            return self.page("ontology", lang) + "#" + iri[len(ONTOLOGY) :]
        document, hash_sign, fragment = iri.partition("#") if iri.startswith(BASE) else (iri, "", "")
        path = site_path(document)
        return self.page(path, lang) + hash_sign + fragment if path else iri

    def asset(self, path: str) -> str:
        return self.root + path


@dataclass
class Value:
    text: str
    href: str | None = None
    lang: str = ""
    editions: list[str] = field(default_factory=list)


class Pages:
    """Renders pages from a pyoxigraph store with the lookups in queries/lib/."""

    def __init__(self, project: Project, store: ox.Store, licence: str) -> None:
        self.project, self.store, self.licence = project, store, licence
        self.lib = {
            name: parse_query_file(project.queries / "lib" / f"{name}.rq").text
            for name in (
                "labels",
                "resource-facts",
                "resource-links-in",
                "resource-sources",
                "class-members",
                "describe",
                "describe-by-edition",
                "resource-exists",
                "schema-org",
            )
        }

    def _rows(self, name: str, values: dict[str, list[str]]) -> list[dict]:
        return rows_of(self.store.query(bind_values(self.lib[name], values), use_default_graph_as_union=True))

    def exists(self, iri: str) -> bool:
        return bool(self._rows("resource-exists", {"resource": [str(ox.NamedNode(iri))]}))

    def labels(self, iris: set[str], lang: str) -> dict[str, str]:
        if not iris:
            return {}
        found: dict[str, dict[str, str]] = {}
        for row in self._rows("labels", {"resource": [str(ox.NamedNode(i)) for i in sorted(iris)]}):
            label = row["label"]
            if isinstance(label, ox.Literal):
                found.setdefault(row["resource"].value, {}).setdefault(label.language or "", label.value)
        other = "en" if lang == "zh" else "zh"
        return {iri: names.get(lang) or names.get(other) or next(iter(names.values())) for iri, names in found.items()}

    def description(self, iri: str, media_type: str) -> bytes:
        """The resource's triples, inverse links and provenance, in one RDF format.

        Every format gives the union of the editions (in TriG and N-Quads, as the default graph, which
        is what most clients read). TriG and N-Quads also keep each statement in the named graph of
        the edition that states it, so two editions' different values stay apart for whoever asks.
        JSON-LD stays a plain graph: crawlers read a resource's node at the top level.
        """
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        node = {"resource": [str(ox.NamedNode(iri))]}
        union = self.store.query(bind_values(self.lib["describe"], node), use_default_graph_as_union=True)
        if rdf_format not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            return union.serialize(format=rdf_format)
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in union]
        quads += [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in self._rows("describe-by-edition", node)]
        return ox.serialize(quads, format=rdf_format)

    def _value(
        self, term: ox.NamedNode | ox.Literal | ox.BlankNode, labels: dict[str, str], links: Linker, lang: str
    ) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(labels.get(term.value) or curie(term.value), links.iri(term.value, lang))
        if isinstance(term, ox.Literal):
            return Value(term.value, lang=term.language or "")
        return Value(str(term))

    def frame(self, lang: str, links: Linker, path: str) -> dict:
        """What every page's frame needs: texts, the language switch, home and query links, licence."""
        other = "en" if lang == "zh" else "zh"
        return {
            "t": TEXT[lang],
            "lang": lang,
            "other_lang": other,
            "licence": self.licence,
            "root": links.root,
            "home_href": links.page("index", lang),
            "query_href": links.page("query", lang),
            "ontology_href": links.page("ontology", lang),
            "switch_href": links.page(path, other),
            "search_href": links.page("search", lang) if links.static else links.root + "search",
            "static_site": links.static,
            "ask_href": None if links.static else links.page("ask", lang),
        }

    def resource_page(self, iri: str, lang: str, links: Linker, page_name: str) -> str:
        node = [str(ox.NamedNode(iri))]
        facts = self._rows("resource-facts", {"resource": node})
        links_in = self._rows("resource-links-in", {"resource": node})
        sources = self._rows("resource-sources", {"resource": node})
        iris = {iri} | {r["property"].value for r in facts + links_in}
        iris |= {r["value"].value for r in facts if isinstance(r["value"], ox.NamedNode)}
        iris |= {r["subject"].value for r in links_in if isinstance(r["subject"], ox.NamedNode)}
        labels = self.labels(iris, lang)
        grouped: dict[tuple[str, str], Value] = {}
        properties: dict[str, list[Value]] = {}
        for row in facts:
            key = (row["property"].value, str(row["value"]))
            if key not in grouped:
                grouped[key] = self._value(row["value"], labels, links, lang)
                properties.setdefault(row["property"].value, []).append(grouped[key])
            if "edition" in row:
                grouped[key].editions.append(row["edition"].value)
        incoming: dict[str, list[Value]] = {}
        seen: set[tuple[str, str]] = set()
        for row in links_in:
            key = (row["property"].value, str(row["subject"]))
            if key not in seen:
                seen.add(key)
                incoming.setdefault(row["property"].value, []).append(self._value(row["subject"], labels, links, lang))
        types = [v for v in properties.get(RDF_TYPE, [])]
        programme = iri.startswith(PROGRAMMES) and any(
            row["property"].value == RDF_TYPE and row["value"].value == DEGREE_PROGRAMME for row in facts
        )
        schema_org = schema_org_object(iri, self._rows("schema-org", {"resource": node}))
        return ENVIRONMENT.get_template("resource.html").render(
            **self.frame(lang, links, site_path(iri) or ""),
            iri=iri,
            title=labels.get(iri) or curie(iri),
            types=types,
            properties=[(Value(labels.get(p) or curie(p), links.iri(p, lang)), v) for p, v in properties.items()],
            incoming=[(Value(labels.get(p) or curie(p), links.iri(p, lang)), v) for p, v in incoming.items()],
            sources=[{k: r[k].value for k in ("edition", "number", "heading")} for r in sources],
            formats=[(f"{page_name}.{ext}", media, name) for ext, media, name in RDF_FORMATS],
            dashboard_href=links.page(f"dashboard/{iri[len(PROGRAMMES) :]}", lang) if programme else None,
            jsonld=script_json(schema_org) if schema_org else None,
            review_links=self.review_links(iri[len(PROGRAMMES) :], lang, links) if programme else [],
        )

    def review_links(self, programme: str, lang: str, links: Linker) -> list[tuple[str, str]]:
        """Links to the review of each of a programme's editions (``/review/ID/YEAR``, ``review/ID/YEAR.html``)."""
        if programme not in self.project.programmes():
            return []
        return [(e, links.page(f"review/{programme}/{e}", lang)) for e in self.project.editions(programme)]

    def class_page(self, local: str, lang: str, links: Linker) -> str | None:
        iri = ONTOLOGY + local
        members = [r["member"].value for r in self._rows("class-members", {"class": [str(ox.NamedNode(iri))]})]
        labels = self.labels(set(members) | {iri}, lang)
        if not members and iri not in labels:
            return None
        rows = sorted((Value(labels.get(m) or curie(m), links.iri(m, lang)) for m in members), key=lambda v: v.text)
        return ENVIRONMENT.get_template("class.html").render(
            **self.frame(lang, links, f"class/{local}"), iri=iri, title=labels.get(iri) or local, members=rows
        )

    def home_page(
        self,
        lang: str,
        links: Linker,
        queries: list,
        entry_points: list[str],
        api: str | None,
        dashboards: list[tuple[str, str]] = (),
        reviews: list[tuple[str, str]] = (),
    ) -> str:
        labels = self.labels({ONTOLOGY + local for local in entry_points}, lang)
        entries = [
            Value(labels.get(ONTOLOGY + local, local), links.page(f"class/{local}", lang)) for local in entry_points
        ]
        return ENVIRONMENT.get_template("home.html").render(
            **self.frame(lang, links, "index"),
            title="gradkg",
            entries=entries,
            queries=queries,
            api=api,
            triples=len(self.store),
            dashboards=dashboards,
            reviews=reviews,
            compare_href=links.page("compare", lang),
        )

    def query_page(self, lang: str, links: Linker, queries: list, endpoint: str) -> str:
        """YASGUI (served from the package) preloaded with the question library."""
        import json

        examples = json.dumps({q.name: q.text for q in queries}, ensure_ascii=False).replace("</", "<\\/")
        return ENVIRONMENT.get_template("query.html").render(
            **self.frame(lang, links, "query"),
            title=TEXT[lang]["query"],
            queries=queries,
            examples=examples,
            endpoint=endpoint,
        )

    def ask_page(self, lang: str, links: Linker, question: str, reply: dict | None, error: str | None) -> str:
        """A question box, and the answer `gradkg ask` gives (the reading, its parameters, the table)."""
        from gradkg.asking.render import WORDS

        words = WORDS[lang]
        return ENVIRONMENT.get_template("ask.html").render(
            **self.frame(lang, links, "ask"),
            title="用自己的话提问" if lang == "zh" else "Ask in your own words",
            placeholder="谁讲血液病学专题？" if lang == "zh" else "Who teaches Topics in Haematology?",
            button="提问" if lang == "zh" else "Ask",
            question=question,
            reply=reply,
            error=error,
            words=words,
            cannot=words["cannot"].format(q=question),
        )

    def search_page(self, lang: str, links: Linker, term: str, hits: list[dict] | None, error: str | None) -> str:
        """A search box, and the resources whose names contain the term (on a static site, found by its script)."""
        for hit in hits or []:
            hit["href"] = links.iri(hit["iri"], lang)
        zh = lang == "zh"
        head = (
            {"name": "名称", "type": "类型", "programme": "学位点", "editions": "年度"}
            if zh
            else {"name": "name", "type": "type", "programme": "programme", "editions": "editions"}
        )
        return ENVIRONMENT.get_template("search.html").render(
            **self.frame(lang, links, "search"),
            title="检索" if zh else "Search",
            button="检索" if zh else "Search",
            term=term,
            hits=hits,
            error=error,
            head=head,
            scripts=[links.asset(f"static/{name}") for name in SEARCH_SCRIPTS] if links.static else [],
        )

    def not_found_page(self, iri: str, lang: str, links: Linker) -> str:
        return ENVIRONMENT.get_template("404.html").render(**self.frame(lang, links, "index"), iri=iri)
