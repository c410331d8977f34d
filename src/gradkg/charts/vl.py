"""vl-convert, imported only when a chart is drawn (it costs nothing to the commands that draw none)."""

from __future__ import annotations


def to_svg(spec: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")


def to_png(spec: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[])
