"""The review's charts drawn by a helper process started ahead: the same SVGs, or drawn here when it fails."""

from __future__ import annotations

import signal
import sys

import pytest

from gradkg.charts.ahead import WARM_UP, DrawAhead
from gradkg.charts.render import cached_svgs
from gradkg.charts.vl import to_svg

SPECS = [
    WARM_UP,
    {
        "data": {"values": [{"年份": "2023", "人数": 308}, {"年份": "2024", "人数": 648}]},
        "mark": "bar",
        "encoding": {"x": {"field": "年份", "type": "nominal"}, "y": {"field": "人数", "type": "quantitative"}},
    },
]


@pytest.fixture(scope="module")
def here() -> list[str]:
    return [to_svg(spec).decode("utf-8") for spec in SPECS]


class Recording(DrawAhead):
    """A helper that notes what it was sent."""

    def __init__(self, command: list[str] | None = None) -> None:
        super().__init__(command)
        self.sent: list[list[dict]] = []

    def send(self, specs: list[dict]) -> None:
        self.sent.append(specs)
        super().send(specs)


def test_the_helper_draws_exactly_what_this_process_would(here: list[str]) -> None:
    with DrawAhead() as ahead:
        ahead.send(SPECS)
        assert ahead.receive() == here


@pytest.mark.parametrize(
    "command",
    [
        ["/nonexistent/python"],  # cannot start
        [sys.executable, "-c", "import sys; sys.exit(3)"],  # dies
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('not json')"],  # garbled
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('[\"<svg/>\"]')"],  # one answer for two
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('[1, 2]')"],  # not SVG text
    ],
)
def test_a_failing_helper_answers_none_and_the_charts_are_drawn_here(command: list[str], here: list[str]) -> None:
    with DrawAhead(command) as ahead:
        ahead.send(SPECS)
        assert ahead.receive() is None
    with DrawAhead(command) as ahead:
        assert cached_svgs(SPECS, None, ahead) == here


def test_a_helper_given_nothing_is_stopped_at_once() -> None:
    ahead = DrawAhead([sys.executable, "-c", "import time; time.sleep(60)"]).start()
    assert ahead.receive() is None
    ahead.close()
    assert ahead._process is not None and ahead._process.returncode == -signal.SIGKILL


def test_only_the_charts_not_kept_are_sent_and_meanwhile_runs_only_then(tmp_path, here: list[str]) -> None:
    ran: list[str] = []
    assert cached_svgs(SPECS[:1], tmp_path, None, lambda: ran.append("first")) == here[:1]
    assert ran == ["first"]
    with Recording() as ahead:
        assert cached_svgs(SPECS, tmp_path, ahead, lambda: ran.append("second")) == here
    assert ahead.sent == [SPECS[1:]]
    assert ran == ["first", "second"]
    with Recording() as ahead:
        assert cached_svgs(SPECS, tmp_path, ahead, lambda: ran.append("third")) == here
    assert ahead.sent == []
    assert ran == ["first", "second"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".svg", ".svg"]


@pytest.mark.parametrize(
    ("stdin", "why"),
    [
        (b"not json", "Expecting value"),
        (b'{"mark": "bar"}', "expected a JSON list of Vega-Lite specs"),
        (b"[1, 2]", "expected a JSON list of Vega-Lite specs"),
        (b'[{"mark": "nonsense"}]', "conversion failed"),
        (b"\xff\xfe", "stdin"),
    ],
    ids=["garbage", "not-a-list", "not-specs", "rejected-spec", "not-utf8"],
)
def test_the_helper_refuses_what_is_not_a_list_of_specs_with_exit_2(stdin: bytes, why: str) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "gradkg.charts.ahead"], input=stdin, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert done.stdout == b""
    err = done.stderr.decode("utf-8")
    assert err.startswith("gradkg.charts.ahead: stdin: ") and why in err
    assert "Traceback" not in err
