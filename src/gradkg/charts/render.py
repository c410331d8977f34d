"""A chart as a file: its Vega-Lite JSON, SVG or PNG (vl-convert, no browser), or one HTML page.

vl-convert draws text with the fonts fontconfig knows, so without a CJK font every Chinese label of
an SVG or PNG is a row of boxes: :func:`cjk_font_warning` says so before anything is drawn. The
HTML page inlines the vendored vega files, so it opens anywhere with no network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from gradkg.charts.ahead import DrawAhead
from gradkg.charts.dashboard import Shown
from gradkg.charts.pages import SCRIPTS, TEXT
from gradkg.charts.vl import to_svg
from gradkg.content_cache import cached, is_kept
from gradkg.pages import ENVIRONMENT

FONT_PACKAGE = "fonts-noto-cjk"


def cjk_font_warning() -> str | None:
    """Why Chinese text would not show in an SVG or PNG, or None when fontconfig has a Chinese font."""
    if shutil.which("fc-list") is None:
        return f"fc-list not found, so no CJK font can be found: install fontconfig and Debian {FONT_PACKAGE}"
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return f"fc-list failed ({error}): cannot tell whether a CJK font is installed; Debian {FONT_PACKAGE} has one"
    if not found.strip():
        return (
            "no CJK font is installed (fc-list :lang=zh finds none): Chinese text will show as boxes; "
            f"install Debian {FONT_PACKAGE}"
        )
    return None


def combined(specs: list[dict]) -> dict:
    """One spec for one or more charts (a chart per unit) stacked vertically."""
    if len(specs) == 1:
        return specs[0]
    first = specs[0]
    inner = [{k: v for k, v in s.items() if k not in ("$schema", "config", "usermeta")} for s in specs]
    return {
        "$schema": first["$schema"],
        "config": first["config"],
        "vconcat": inner,
        "usermeta": {"gradkg": [s["usermeta"]["gradkg"] for s in specs]},
    }


def to_json(spec: dict) -> bytes:
    return (json.dumps(spec, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _svg_key(spec: dict) -> list[str]:
    return [f"vl-convert {version('vl-convert-python')}", json.dumps(spec, ensure_ascii=False, sort_keys=True)]


def cached_svgs(
    specs: list[dict],
    folder: Path | None,
    ahead: DrawAhead | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[str]:
    """The specs drawn as SVG (vl-convert: 0.1-0.3 s a chart, 0.6 s to start), kept in ``folder``.

    Those not kept are drawn by ``ahead``'s helper when one is given (or here, if it fails), and
    ``meanwhile`` runs while it draws: work that does not need the charts.
    """
    keys = [_svg_key(spec) for spec in specs]
    missing = [n for n, key in enumerate(keys) if not is_kept(folder, key, ".svg")]
    if ahead is not None and missing:
        ahead.send([specs[n] for n in missing])
    if meanwhile is not None and missing:
        meanwhile()
    answer = ahead.receive() if ahead is not None and missing else None
    drawn = dict(zip(missing, answer or [], strict=False))
    return [
        cached(folder, key, ".svg", lambda n=n: drawn[n].encode("utf-8") if n in drawn else to_svg(specs[n])).decode(
            "utf-8"
        )
        for n, key in enumerate(keys)
    ]


def to_html(charts: list[Shown], title: str, lang: str) -> bytes:
    """A page with the charts, their data tables and sources, and the chart libraries inlined."""
    vendor = resources.files("gradkg").joinpath("vendor")
    scripts = [vendor.joinpath(name).read_text("utf-8").replace("</script", "<\\/script") for name in SCRIPTS]
    page = ENVIRONMENT.get_template("chart.html").render(
        lang=lang, title=title, charts=charts, d=TEXT[lang], inline_scripts=scripts
    )
    return page.encode("utf-8")
