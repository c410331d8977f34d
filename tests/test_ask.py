"""`gradkg ask` (issue 11, item 1): questions in words answered exactly, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gradkg.asking.answer import Asker
from gradkg.asking.evaluate import evaluate, load_questions
from gradkg.asking.guard import MAX_CHARS, check_question
from gradkg.cli import main
from gradkg.errors import GradkgError
from gradkg.names.fold import is_latin

QUESTIONS = load_questions(Path(__file__).parent / "ask_questions.toml")


@pytest.fixture(scope="module")
def asker(project, engine) -> Asker:
    return Asker(project, engine)


def test_the_question_set_has_at_least_a_hundred_questions_in_both_languages():
    langs = ["en" if is_latin(q["ask"]) else "zh" for q in QUESTIONS]
    assert len(QUESTIONS) >= 100 and langs.count("en") >= 30 and langs.count("zh") >= 30


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["ask"] for q in QUESTIONS])
def test_a_question_gets_its_exact_answer_or_is_a_known_miss(asker, question):
    outcome = evaluate(asker, question)
    if outcome.wrong:
        assert not outcome.hit, f"now answered exactly: drop its 'wrong' line ({outcome.wrong})"
    else:
        assert (outcome.got_query, outcome.got) == (outcome.expected_query, outcome.expected)


def test_the_reply_says_which_question_ran_with_which_parameters(asker):
    reply = asker.ask("2024年招了多少直博生？")
    assert (reply.reading.query, reply.reading.shown) == ("statistic", {"measure": "直博生", "year": "2024"})
    assert [(r["value"], r["edition"], r["section"]) for r in reply.rows] == [("46", "2024", "三（一）")]
    assert reply.notes == ["measure '直博生': 直博生 is a value of route; showing route=直博生"]


def test_an_unanswerable_question_lists_what_can_be_asked(asker):
    reply = asker.ask("今天天气怎么样？")
    assert reply.reading is None and reply.rows == []
    assert ("lecturers-of-course", "谁讲血液病学专题？") in reply.examples


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["ask", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_prints_the_question_the_parameters_then_the_table(capsys, build_dir):
    code, out, err = run(capsys, "谁讲血液病学专题？", "--build-dir", str(build_dir), "--wide")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == ["问题: lecturers-of-course — 课程由谁主讲", "参数: course=血液病学专题"]
    assert lines[5].split() == ["血液病学专题", "黄河", "医学院", "2023", "三（三）1", lines[5].split()[-1]]


def test_the_command_answers_in_json_and_in_english(capsys, build_dir):
    code, out, _ = run(
        capsys, "Who teaches Global Health?", "--lang", "en", "--format", "json", "--build-dir", str(build_dir)
    )
    body = json.loads(out)
    assert code == 0
    assert (body["query"], body["summary"], body["params"]) == (
        "lecturers-of-course",
        "Who teaches a course",
        {"course": "Global Health"},
    )
    assert [(r["lecturer"], r["edition"], r["section"]) for r in body["rows"]] == [
        ("Therese Hesketh", "2023", "三（三）1")
    ]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "the question is empty"),
        ("   \n ", "the question is empty"),
        ("x" * 10_000, f"the question is 10000 characters long; gradkg reads at most {MAX_CHARS}"),
        ("谁讲\x07血液病学", "the question contains a control character (U+0007 at position 2)"),
        ("谁讲\u202e血液病学", "the question contains a control character (U+202E at position 2)"),
        ("Кто читает курс гематологии?", "gradkg understands questions in Chinese or English (found Cyrillic letters)"),
        ("혈액학은 누가 가르치나요?", "gradkg understands questions in Chinese or English (found Hangul letters)"),
        ("12345 ?!", "gradkg understands questions in Chinese or English"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_exit_2(capsys, build_dir, question, message):
    with pytest.raises(GradkgError) as raised:
        check_question(question)
    assert str(raised.value).startswith(message)
    code, out, err = run(capsys, question, "--build-dir", str(build_dir))
    assert (code, out) == (2, "")
    assert err.startswith("gradkg: " + message) and err.count("\n") == 1 and "Traceback" not in err


def test_an_unknown_programme_is_bad_input(capsys, build_dir):
    code, _, err = run(
        capsys, "2023年和2024年相比有什么变化？", "--programme", "nowhere", "--build-dir", str(build_dir)
    )
    assert code == 2 and err.startswith("gradkg: --programme nowhere: no such programme")


def test_in_english_the_answer_names_things_in_english(capsys, build_dir):
    code, out, _ = run(capsys, "Who teaches Global Health?", "--lang", "en", "--wide", "--build-dir", str(build_dir))
    assert code == 0 and out.splitlines()[5].split("  ")[:3] == [
        "Global Health",
        "Therese Hesketh",
        "School of Medicine",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[intent]\n", "intents.toml: not valid TOML"),
        ('[[intent]]\nquery = "no-such-question"\n', "intents.toml: intent 1 names query 'no-such-question'"),
        ('[[intent]]\nquery = "statistic"\ncolour = "red"\n', "intents.toml: intent 1 has unknown keys colour"),
        ('[[intent]]\nzh = ["多少"]\n', "intents.toml: intent 1 has no query"),
    ],
)
def test_a_broken_intents_file_is_named(tmp_path, project, text, message):
    from gradkg.asking.intents import load_intents

    (tmp_path / "statistic.rq").write_text("#+ summary: s\nSELECT * WHERE { }\n", encoding="utf-8")
    (tmp_path / "intents.toml").write_text(text, encoding="utf-8")
    with pytest.raises(GradkgError) as raised:
        load_intents(tmp_path)
    assert message in str(raised.value)
