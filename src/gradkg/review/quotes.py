"""The report's own sentences: a number or name is found in the source text of its section.

The graph keeps the value as written (``gk:statedValue``) and the section, not the sentence, so the
review reads the report's text (``data/sources/`` or the file under review), splits it into
sections with the same splitter ``gradkg ingest`` uses, and quotes the sentence of that section
holding the value (spaces inside numbers allowed, as PDF extraction leaves them). When the value
occurs in several sentences, the one sharing most characters with the hint (the indicator's name)
is quoted. A value not found is not quoted, and the finding says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from gradkg.ingest.reading import read_report
from gradkg.ingest.sections import split_sections
from gradkg.ingest.text import sentence_at


class SourceText:
    """One edition's report text, section by section (empty when the text is not at hand)."""

    def __init__(self, path: Path | None) -> None:
        self.sections: dict[str, str] = {}
        if path is not None and path.is_file():
            for section in split_sections(read_report(path)):
                rows = "".join(p.text for p in section.paragraphs)
                self.sections[section.number] = rows

    def quote(self, section: str, wording: str, hint: str = "") -> str:
        """The sentence of ``section`` holding ``wording``, or "" when it is not found."""
        text = self.sections.get(section, "")
        if not text or not wording:
            return ""
        pattern = re.compile(r"\s*".join(re.escape(c) for c in wording if not c.isspace()))
        found = [sentence_at(text, m.start(), m.end()) for m in pattern.finditer(text)]
        if not found:
            return ""
        return max(found, key=lambda s: (sum(c in s for c in set(hint)), -len(s)))
