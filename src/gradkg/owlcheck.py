"""Is gradkg OWL 2 DL, and is it consistent? Two offline checks of RDF files, both run by Java tools.

- The OWL 2 DL profile: the OWL API's ``OWL2DLProfile`` (Debian's ``libowlapi-java``), run through the
  single-file program ``java/OwlDlProfile.java``, which lists every violation, such as an undeclared
  term, a literal outside the OWL 2 datatype map or an IRI used as two kinds of property.
- Consistency: HermiT, the jar owlready2 ships, through ``owlready2.sync_reasoner_hermit``.

Both read one document, and OWL has no named graphs, so every file's triples are merged first, graph
names dropped. Java must be on the PATH (``scripts/ensure-debian-packages owl`` installs both packages).
Run ``python -m gradkg.owlcheck FILE...`` for both verdicts, violations counted by kind.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import owlready2
import pyoxigraph as ox

NOTHING = "http://www.w3.org/2002/07/owl#Nothing"  # unsatisfiable by definition: not a finding
PROFILE_PROGRAM = Path(__file__).with_name("java") / "OwlDlProfile.java"
JAVA_LIBRARIES = Path("/usr/share/java")
# The OWL API jar and what its RDF parsers load: Debian's libowlapi-java installs them all here.
OWLAPI_JARS = (
    "owlapi-distribution",
    "guava",
    "caffeine",
    "commons-io",
    "commons-codec",
    "commons-rdf-api",
    "hppcrt",
    "jsr305",
    "atinject-jsr330-api",
    "xz",
    "rdf4j-model-api",
    "rdf4j-model",
    "rdf4j-model-vocabulary",
    "rdf4j-rio-api",
    "rdf4j-util",
    "slf4j-api",
    "slf4j-nop",
)


@dataclass(frozen=True)
class Verdict:
    """HermiT's answer: whether the ontology is consistent, and its unsatisfiable classes' IRIs."""

    consistent: bool
    unsatisfiable: tuple[str, ...]


def merge_to_ntriples(paths: Sequence[Path], out: Path) -> Path:
    """Write every triple of the Turtle, N-Triples, TriG or N-Quads files to one N-Triples file.

    Blank nodes are renamed per file, so that two files' ``_:b0`` stay two nodes.
    """
    triples = {quad.triple for path in paths for quad in ox.parse(path=path, rename_blank_nodes=True)}
    out.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES))
    return out


def _classpath() -> str:
    jars = [JAVA_LIBRARIES / f"{name}.jar" for name in OWLAPI_JARS]
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing:
        raise FileNotFoundError(f"the OWL API is missing ({', '.join(missing)}): scripts/ensure-debian-packages owl")
    return ":".join(str(jar) for jar in jars)


def dl_violations(paths: Sequence[Path]) -> list[str]:
    """Every OWL 2 DL profile violation of the merged files, as ``Kind: description``, sorted."""
    with tempfile.TemporaryDirectory() as tmp:
        merged = merge_to_ntriples(paths, Path(tmp) / "merged.nt")
        done = subprocess.run(
            ["java", "-cp", _classpath(), str(PROFILE_PROGRAM), str(merged)],
            capture_output=True,
            text=True,
            check=True,
        )
    return sorted(line.replace("\t", ": ", 1) for line in done.stdout.splitlines())


def hermit(paths: Sequence[Path], *, ignore_unsupported_datatypes: bool = False) -> Verdict:
    """HermiT's consistency verdict on the merged files, and the classes it finds unsatisfiable.

    HermiT refuses a datatype outside the OWL 2 datatype map (an ``OwlReadyJavaError``) unless told
    to ignore such literals, which only a report of the other problems should do.
    """
    with tempfile.TemporaryDirectory() as tmp:
        merged = merge_to_ntriples(paths, Path(tmp) / "merged.nt")
        world = owlready2.World()
        world.get_ontology(merged.as_uri()).load()
        try:
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Verdict(consistent=False, unsatisfiable=())
        unsatisfiable = {c.iri for c in world.inconsistent_classes()} - {NOTHING}
        return Verdict(consistent=True, unsatisfiable=tuple(sorted(unsatisfiable)))


def counted_by_kind(violations: Sequence[str]) -> Counter[str]:
    """How many violations of each kind (the part before the first colon)."""
    return Counter(violation.split(":", 1)[0] for violation in violations)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the violations counted by kind, each violation, and HermiT's verdict; 1 unless all is well."""
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    violations = dl_violations(paths)
    for kind, count in sorted(counted_by_kind(violations).items()):
        print(f"{count:>5}  {kind}")
    print(*violations, sep="\n")
    verdict = hermit(paths, ignore_unsupported_datatypes=True)
    print(f"HermiT (unsupported datatypes ignored): consistent={verdict.consistent}")
    print(*verdict.unsatisfiable, sep="\n")
    return 0 if not violations and verdict.consistent and not verdict.unsatisfiable else 1


if __name__ == "__main__":
    sys.exit(main())
