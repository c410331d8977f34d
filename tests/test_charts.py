"""Chart specs from the real data: exact values, units, sources, approximate marks; `gradkg chart` and its refusals."""

from __future__ import annotations

import json

import altair as alt
import jsonschema
import pytest

from gradkg.charts.dashboard import dashboard
from gradkg.charts.data import observations
from gradkg.charts.render import cjk_font_warning
from gradkg.charts.specs import charts_by_unit, spec
from gradkg.cli import main

PROGRAMME = "浙江大学临床医学博士学位授权点"
ADMISSIONS = ("三（一）", "招生选拔")
RATIO_2023 = (
    "https://w3id.org/gradkg/id/zju-1002/2023/observation/application-ratio-doctoral-general-exam",
    "zju-1002",
    "admissions",
    "application-ratio",
    "2023",
    "doctoral",
    "general-exam",
    "",
    "5.8",
    ":1",
    "ratio",
    "5.8:1",
    "true",
    "2023",
    *ADMISSIONS,
)


@pytest.fixture(scope="module")
def schema() -> jsonschema.Draft7Validator:
    """The Vega-Lite JSON schema Altair ships (the version the vendored files and vl-convert run)."""
    return jsonschema.Draft7Validator(alt.vegalite.v6.schema.core.load_schema())


def chart_of(engine, project, indicator: str, lang: str = "zh", programmes=("zju-1002",)) -> dict:
    rows = observations(engine, project.queries, [indicator], list(programmes))
    (chart,) = charts_by_unit(indicator, rows)
    return spec(chart, lang)


def values(found: dict, *fields: str) -> list[tuple]:
    return [tuple(v[f] for f in fields) for v in found["data"]["values"]]


# ---- the queries the charts read ------------------------------------------------------------------


def test_observations_of_the_application_ratio(rows):
    answer = rows("observations", measure="报录比")
    assert answer[0] == RATIO_2023
    assert [(r[4], r[5], r[6], r[8], r[11], r[12]) for r in answer] == [
        ("2023", "doctoral", "general-exam", "5.8", "5.8:1", "true"),
        ("2023", "master", "unified-exam", "3.9", "3.9:1", "true"),
        ("2024", "doctoral", "general-exam", "7.4", "7.4:1", "true"),
        ("2024", "master", "unified-exam", "3.8", "3.8:1", "true"),
    ]


def test_an_observation_stated_in_two_sections_has_a_row_for_each(rows):
    answer = rows("observations", measure="在全国三级公立医院绩效考核中蝉联最高等级的附属医院")
    assert [(r[8], r[11], r[13], r[14], r[15]) for r in answer] == [
        ("6", "6家", "2023", "一", "学位授权点基本情况"),
        ("6", "6家", "2023", "四", "服务贡献"),
        ("5", "5家", "2024", "一", "学位授权点基本情况"),
        ("5", "5家", "2024", "四", "服务贡献"),
    ]


def test_indicators_with_data(rows):
    answer = rows("chart-indicators")
    assert len(answer) == 119
    assert sum(int(r[7]) for r in answer) == 206  # every observation of both editions
    assert [r for r in answer if r[3] == "admissions"] == [
        (
            "admitted",
            "招收人数",
            "students admitted",
            "admissions",
            "招生与报考",
            "Admissions and applicants",
            "人",
            "14",
            "1",
            "2023",
            "2024",
        ),
        (
            "applicants",
            "报考人数",
            "applicants",
            "admissions",
            "招生与报考",
            "Admissions and applicants",
            "人",
            "4",
            "1",
            "2023",
            "2024",
        ),
        (
            "application-ratio",
            "报录比",
            "applicants per place",
            "admissions",
            "招生与报考",
            "Admissions and applicants",
            ":1",
            "4",
            "1",
            "2023",
            "2024",
        ),
        (
            "enrolled-offers",
            "录取人数",
            "applicants admitted",
            "admissions",
            "招生与报考",
            "Admissions and applicants",
            "人",
            "4",
            "1",
            "2023",
            "2024",
        ),
    ]


# ---- specs ------------------------------------------------------------------------------------------


def test_admissions_by_route_and_level(engine, project, schema):
    found = chart_of(engine, project, "admitted")
    schema.validate(found)
    assert values(found, "level", "series", "year", "value", "label", "stated") == [
        ("博士", "合计", "2023", 197, "197", "197人"),
        ("博士", "直博生", "2023", 62, "62", "62人"),
        ("博士", "普通招考", "2023", 85, "85", "85人"),
        ("博士", "硕博连读生", "2023", 50, "50", "50人"),
        ("硕士", "合计", "2023", 213, "213", "213人"),
        ("硕士", "推免生", "2023", 74, "74", "74人"),
        ("硕士", "统考生", "2023", 139, "139", "139人"),
        ("博士", "合计", "2024", 209, "209", "209人"),
        ("博士", "直博生", "2024", 46, "46", "46人"),
        ("博士", "普通招考", "2024", 64, "64", "64人"),
        ("博士", "硕博连读生", "2024", 99, "99", "99人"),
        ("硕士", "合计", "2024", 165, "165", "165人"),
        ("硕士", "推免生", "2024", 52, "52", "52人"),
        ("硕士", "统考生", "2024", 113, "113", "113人"),
    ]
    assert found["facet"] == {"column": {"field": "level", "type": "nominal", "sort": ["博士", "硕士"], "title": None}}
    assert found["title"] == {"text": "招收人数", "subtitle": ["单位: 人"], "anchor": "start"}
    assert found["spec"]["layer"][0]["encoding"]["y"]["title"] == "人"
    assert found["usermeta"]["gradkg"] == {
        "indicators": ["admitted"],
        "programmes": ["zju-1002"],
        "unit": {"zh": "人", "en": "persons"},
        "approximate": False,
        "sources": [
            {"edition": "2023", "section": "三（一）", "heading": "招生选拔"},
            {"edition": "2024", "section": "三（一）", "heading": "招生选拔"},
        ],
    }


def test_approximate_ratios_are_marked(engine, project, schema):
    found = chart_of(engine, project, "application-ratio", "en")
    schema.validate(found)
    assert values(found, "level", "series", "year", "value", "label", "approximate") == [
        ("doctoral", "general examination", "2023", 5.8, "≈5.8", True),
        ("master's", "national unified examination", "2023", 3.9, "≈3.9", True),
        ("doctoral", "general examination", "2024", 7.4, "≈7.4", True),
        ("master's", "national unified examination", "2024", 3.8, "≈3.8", True),
    ]
    assert found["title"]["subtitle"] == ["Unit: ratio to one (:1)", "≈ approximate in the report (约, 余, 近, 超)"]
    bars = found["spec"]["layer"][0]["encoding"]
    assert bars["opacity"] == {"condition": {"test": "datum.approximate", "value": 0.5}, "value": 1.0}


def test_destinations_and_sources_in_english(engine, project, schema):
    found = chart_of(engine, project, "graduate-destinations", "en")
    schema.validate(found)
    assert values(found, "series", "year", "value", "source") == [
        ("went abroad", "2023", 5, "2023 三（十一）1 毕业生就业情况和发展质量"),
        ("employed under agreement or labour contract", "2023", 240, "2023 三（十一）1 毕业生就业情况和发展质量"),
        ("further study in China", "2023", 35, "2023 三（十一）1 毕业生就业情况和发展质量"),
        ("went abroad", "2024", 3, "2024 三（十一）1 毕业生就业情况和发展质量"),
        ("employed under agreement or labour contract", "2024", 243, "2024 三（十一）1 毕业生就业情况和发展质量"),
        ("further study in China", "2024", 72, "2024 三（十一）1 毕业生就业情况和发展质量"),
    ]
    assert found["layer"][0]["encoding"]["x"]["sort"] == [
        "employed under agreement or labour contract",
        "further study in China",
        "went abroad",
    ]
    assert found["layer"][0]["encoding"]["x"]["title"] == "Breakdown"


def test_research_funding_over_the_editions(engine, project, schema):
    """A programme named twice is drawn once."""
    found = chart_of(engine, project, "research-funding", programmes=("zju-1002", "zju-1002"))
    schema.validate(found)
    assert values(found, "programme", "series", "year", "value", "stated") == [
        (PROGRAMME, "合计", "2023", 9.34, "9.34亿元"),
        (PROGRAMME, "合计", "2024", 9.25, "9.25亿元"),
    ]
    assert found["usermeta"]["gradkg"]["unit"] == {"zh": "亿元", "en": "100 million yuan"}


def test_the_dashboard_groups_what_shares_an_axis(engine, project, schema):
    rows = observations(engine, project.queries, programmes=["zju-1002"])
    families = {r.family: r.family_name for r in rows}
    sections = {s.family: s for s in dashboard(rows, families, "zh")}
    assert [s for s in sections] == [
        "admissions",
        "enrolment-quality",
        "graduates",
        "faculty",
        "research",
        "platforms",
        "exchange",
        "advisory",
        "awards",
    ]
    # applicants beside the admitted, route by route; the ratio apart (another unit)
    assert [c.key for c in sections["admissions"].charts] == [
        "admitted",
        "applicants-enrolled-offers",
        "application-ratio",
    ]
    # 2804 teachers never share an axis with one new academician
    assert [c.key for c in sections["faculty"].charts] == [
        "full-time-teachers",
        "huang-danian-teams-moe-innovation-teams-national-teaching-teams-nsfc-innovation-groups",
        "new-cas-academicians",
        "supervisors",
    ]
    # one indicator in 家 (2023) and 个 (2024): two charts, never one axis
    pilots = [c for c in sections["platforms"].charts if c.key.startswith("flagship")]
    assert [(c.key, c.unit, c.table[0]["year"], c.table[0]["stated"]) for c in pilots] == [
        ("flagship-hospital-pilots-1", "家", "2023", "2家"),
        ("flagship-hospital-pilots-2", "个", "2024", "2个"),
    ]
    shared = next(c for c in sections["admissions"].charts if c.key == "applicants-enrolled-offers")
    assert [(r["series"], r["year"], r["value"]) for r in shared.table] == [
        ("报考人数 · 普通招考", "2023", 499),
        ("报考人数 · 统考生", "2023", 569),
        ("报考人数 · 普通招考", "2024", 471),
        ("报考人数 · 统考生", "2024", 429),
        ("录取人数 · 普通招考", "2023", 85),
        ("录取人数 · 统考生", "2023", 146),
        ("录取人数 · 普通招考", "2024", 64),
        ("录取人数 · 统考生", "2024", 113),
    ]
    teams = sections["faculty"].charts[1]
    assert [(r["series"], r["year"], r["value"]) for r in teams.table if r["year"] == "2024"] == [
        ("全国高校黄大年式教师团队", "2024", 1),
        ("教育部创新团队", "2024", 2),
        ("国家级教学团队", "2024", 1),
        ("国家自然基金委创新群体", "2024", 4),
    ]
    assert sum(len(s.charts) for s in sections.values()) == 29
    assert sum(len(s.figures) for s in sections.values()) == 80  # stated once: listed, not drawn
    for section in sections.values():
        for chart in section.charts:
            schema.validate(json.loads(chart.spec_json))


# ---- gradkg chart ----------------------------------------------------------------------------------


@pytest.fixture
def chart(build_dir):
    def run(*args: str) -> int:
        return main(["chart", *args, "--build-dir", str(build_dir)])

    return run


def test_chart_json(chart, tmp_path, capsys):
    out = tmp_path / "ratio.json"
    assert chart("报录比", "--programme", "zju-1002", "-o", str(out)) == 0
    found = json.loads(out.read_text("utf-8"))
    assert values(found, "year", "series", "label") == [
        ("2023", "普通招考", "≈5.8"),
        ("2023", "统考生", "≈3.9"),
        ("2024", "普通招考", "≈7.4"),
        ("2024", "统考生", "≈3.8"),
    ]
    assert capsys.readouterr().err == f"wrote {out}: 报录比, 4 values from 1 programme(s) (zju-1002)\n"


def test_chart_svg_png_html(chart, tmp_path, capsys):
    assert chart("students admitted", "--format", "svg", "-o", str(tmp_path / "a.svg")) == 0
    svg = (tmp_path / "a.svg").read_text("utf-8")
    assert svg.startswith("<svg") and "招收人数" in svg and "硕博连读生" in svg and ">209<" in svg
    assert chart("招收人数", "--lang", "en", "-o", str(tmp_path / "a.png")) == 0
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart("报录比", "-o", str(tmp_path / "a.html")) == 0
    page = (tmp_path / "a.html").read_text("utf-8")
    assert "<td>5.8:1</td><td>约</td><td>2023 三（一） 招生选拔</td>" in page
    assert "https://cdn" not in page and "<script src=" not in page  # everything inlined


def test_cjk_font_is_found_here():
    """The test machine has fonts-noto-cjk (scripts/ensure-debian-packages fonts)."""
    assert cjk_font_warning() is None


def test_no_cjk_font_is_said_clearly(monkeypatch, tmp_path):
    (tmp_path / "empty").mkdir()
    config = tmp_path / "fonts.conf"  # fontconfig that knows one empty folder of fonts
    config.write_text(f"<fontconfig><dir>{tmp_path}/empty</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert cjk_font_warning() == (
        "no CJK font is installed (fc-list :lang=zh finds none): Chinese text will show as boxes; "
        "install Debian fonts-noto-cjk"
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    assert (
        cjk_font_warning()
        == "fc-list not found, so no CJK font can be found: install fontconfig and Debian fonts-noto-cjk"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["招生人数"],
            "gradkg: unknown indicator '招生人数'; closest: 招收人数、优质生源人数、研究生导师人数、毕业生去向人数\n",
        ),
        (["admitted", "--programme", "zju-9999"], "gradkg: unknown programme 'zju-9999' (known: zju-1002)\n"),
        (["admitted", "--programme", "../x"], "gradkg: unknown programme '../x' (known: zju-1002)\n"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(chart, tmp_path, capsys, args, message):
    out = tmp_path / "x.svg"
    assert chart(*args, "-o", str(out)) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output(chart, tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert chart("admitted", "-o", str(tmp_path / "file" / "x.json")) == 2
    assert capsys.readouterr().err == f"gradkg: -o {tmp_path}/file/x.json: {tmp_path}/file is a file, not a folder\n"
    assert chart("admitted", "--format", "json", "-o", str(tmp_path)) == 2
    assert capsys.readouterr().err == f"gradkg: -o {tmp_path}: is a folder; give a file name\n"
    assert chart("admitted", "-o", str(tmp_path / "x.txt")) == 2
    assert "say --format svg|png|html|json" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failed_render_leaves_the_old_file(chart, tmp_path, monkeypatch):
    out = tmp_path / "a.svg"
    out.write_text("old")

    def broken(spec):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("gradkg.charts.command.to_svg", broken)
    assert chart("admitted", "-o", str(out)) == 2
    assert out.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.svg"]
