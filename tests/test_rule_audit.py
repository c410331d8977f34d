"""The audit of rules across 三（四）–（十） (issue 11, item 5): every sentence of these sections that obliges,
permits, encourages or forbids is a gk:Rule governing a process, quoted as written, derived from its section;
and the sentences that only describe (an activity held, an aim, a body set up, a facility) are not rules.

A sentence is a rule when it says who must, may or must not do what, or how a step is done: 应, 须, 要求,
由…担任/负责, 鼓励, 实行…制度/模式, 则…, 将…挂钩, 明确…标准. It is not a rule when it reports what was done
(开展, 举办, 打造, 开设), states an aim (强化, 提升, 完善 without saying what is required) or names a body, a
channel or a facility: those are events, initiatives, organisations or nothing, listed in NOT_RULES with why.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from gradkg.loading import parse_into

GK = "https://w3id.org/gradkg/ontology#"
SOURCES = {"2023": "001_7ff795a34294cbbf.txt", "2024": "000_270693d0e6a09eb6.txt"}
AUDITED = ("3-4", "3-5", "3-6", "3-7", "3-8", "3-9", "3-10")
FOLD = str.maketrans({",": "，", "(": "（", ")": "）", ";": "；", ":": "："})

# (section, sentence) of every rule both editions state in 三（四）–（十）.
BOTH = [
    (
        "3-4-1",
        "建立系统化三级培训体系，要求全覆盖、分阶段、有侧重，新聘导师岗前培训由医学院主办、学位点或医学院教师发展中心承办，在岗导师定期培训由学位点结合专业特色自行组织安排。",
    ),
    ("3-4-1", "明确教师业绩条件两年免审机制"),
    ("3-4-1", "根据不同学位类型、层次对科研项目、文章、科研到账经费、职称等设置差异化遴选要求"),
    ("3-4-2", "发布《医学院研究生日常管理温馨提示（导师侧）》责任清单，压实“导师是研究生培养第一责任人”职责"),
    ("3-4-2", "将盲审评阅结果与招生资格严格挂钩"),
    ("3-4-2", "积极落实博士研究生导师组制度"),
    ("3-4-2", "鼓励实际参与博士研究生学习研究的高级职称教师或具有博士学位的副高级职称教师加入导师组"),
    ("3-5", "交叉学科则组建导师团队进行集体指导。"),
    ("3-5", "实行导师组联合指导模式"),
    ("3-5", "聘请具有丰富实践经验的临床专家担任导师"),
    ("3-5", "采取课程学习、科学研究、学术交流和社会实践相结合的方式，落实研究生学术训练。"),
    ("3-5", "鼓励海内外合作培养"),
    (
        "3-6",
        "依托“国内医学院校培养交流计划”，鼓励以优势互补与协同创新为基本原则，以开展深层次、高水平、交叉型科研合作为基础的跨单位合作培养。",
    ),
    ("3-7", "博士、硕士学位论文均应通过相似度检测"),
    ("3-7", "博士学位论文抽检从国家图书馆直接调取学位论文。"),
    ("3-7", "博士学位论文的抽检比例为10%左右"),
    (
        "3-7",
        "博士学位论文评阅人由5位及以上与学位论文相关研究领域的、具有博士研究生导师资格的教师或具有正高职称的专家担任。",
    ),
    ("3-7", "学位论文抽检每年进行一次，抽检范围为上一学年度授予博士、硕士学位的论文"),
    (
        "3-7",
        "导师对研究生学位论文的学术水平、学术规范和科研伦理等进行全面认真审查，如实评价，确认研究生的学位论文学术水平达到培养目标要求。",
    ),
    ("3-7", "硕士学位论文由浙江省学位办抽检。"),
    ("3-7", "硕士学位论文的抽检比例为5%左右"),
    (
        "3-7",
        "硕士学位论文评阅人由3位及以上与学位论文相关研究领域的、具有硕士研究生导师资格的教师或具有高级职称的专家担任。",
    ),
    ("3-8", "严格落实导师是研究生培养第一责任人制度"),
    (
        "3-8",
        "参照研究生毕业论文的匿名评审结果，如有培养环节疏漏、论文质量不过关或学生满意度不足则要求导师暂停下一年度招生",
    ),
    ("3-8", "坚持质量检查关口前移，切实发挥学位论文开题和中期考核等关键节点的考核筛查作用。"),
    ("3-8", "完善学位授予的质量监督，压实学科学位评定委员会对学位论文质量的监督职责。"),
    ("3-8", "按不同学科细化学位授予标准，制定关键环节考核标准和分流退出措施，实行研究生培养全过程评价制度。"),
    ("3-8", "明确创新性成果标准及认定办法"),
    ("3-8", "明确导师是研究生培养第一责任人"),
    ("3-8", "落实导师资格退出及培养质量问责机制"),
    (
        "3-9",
        "根据《浙江大学学术道德行为规范及管理办法》（浙大发〔2009〕15号）和《浙江大学学术不端行为查处细则》（浙大发〔2018〕18号）等文件要求，本学位点严格规范学术行为，维护学术道德，建立健全学术不端行为预防与处理机制。",
    ),
    ("3-10", "医学院设立研究生教育办公室和学生工作办公室负责研究生的学业和思政"),
    ("3-10", "将研究生教育管理文件规定和服务流程汇编成册发放每位新生"),
]
ONLY = {
    "2023": [
        ("3-5", "导师负责指导博士研究生制定个人学习计划，组织读书（学术）报告和开题报告，指导科学的研究和学位论文等。"),
        ("3-7", "全部通过校学位评定委员会办公室指定的学位论文评审平台进行双盲匿名评阅。"),
        ("3-8", "直博生与硕博连读生如中期考核不合格，将被分流为硕士生培养。"),
    ],
    "2024": [
        ("3-5", "导师负责指导博士研究生制定个人学习计划，组织读书（学术）报告和开题报告，指导科学研究和学位论文等。"),
        ("3-7", "全部通过校学位评定委员会办公室指定的学位论文评审平台进行双盲隐名评阅。"),
        (
            "3-7",
            "学科研究生教育委员会及相关院系负责抽查，并将抽查情况向学科学位评定委员会汇报，再由学科学位评定委员会集体认定抽查结果。",
        ),
        ("3-8", "中期考核未达到合格的博士研究生分流为硕士研究生培养或退学。"),
        ("3-8", "对于研究生中期考核次数、延期考核和考核等级设置做出更具体的要求"),
    ],
}

# (section, sentence, why it is not a rule), in both editions.
NOT_RULES = [
    (
        "3-4-1",
        "优化研究生导师资格、招生资格审核标准及程序",
        "an improvement made; what the standards require is not said",
    ),
    ("3-4-1", "开启三方协同认定体系", "what the review platform achieves; it obliges no one"),
    ("3-4-2", "强化师德师风和和谐导学关系建设", "an aim"),
    ("3-4-2", "深度强化导师对学位论文质量指导", "an aim; the rule is the next clause (盲审评阅结果与招生资格挂钩)"),
    ("3-5", "搭建高水平医学生科学实践平台，探索科教协同育人机制", "what was built"),
    ("3-5", "开展科学道德和学术规范宣讲、培训及考核", "activities held (the process 科学道德和学术规范教育)"),
    ("3-5", "构建学生参与科研的多元化体系，依托科研项目综合培养研究生", "a description of the training model"),
    ("3-6", "学院积极开展与加拿大的多伦多大学的“浙江大学-多伦多大学精准医学人才培养项目”", "a joint programme run"),
    ("3-8", "不断完善各类质量标准，保障资源条件，强化责任和过程管理", "aims"),
    ("3-8", "完善导师招生资格审核和培训管理制度", "an improvement of a system (recorded as a document)"),
    ("3-8", "定期开展新教师岗前培训、教师教学能力培训、教学管理能力培训和海外拓展培训", "trainings held (events)"),
    ("3-8", "定期举行教师教学技能竞赛", "a competition held (an event)"),
    ("3-8", "对研究生各个培养环节开展督促和检查，积极听取学生意见", "monitoring done; no requirement is stated"),
    ("3-9", "邀请学术大师、知名学者等开展学术道德专题讲座", "lectures held (a lecture series)"),
    ("3-9", "开设研究生科研技能训练", "a course offered"),
    ("3-9", "以年级（专业）为单位组织研究生召开主题讨论会", "meetings held (an event)"),
    (
        "3-9",
        "开展研究生始业教育，做好新生入学后的科学道德和学风建设宣讲教育工作",
        "an activity (the process 研究生始业教育)",
    ),
    ("3-10", "各临床医学院设立教学部，夯实附属医院临床教学主体职能", "a body set up (recorded as 教学部)"),
    ("3-10", "实现“党-团-班-会”帮扶管理全覆盖", "a support scheme (an initiative)"),
    ("3-10", "设置“院长书记信箱”、公众号意见征集、研代会提案等意见反馈方式", "feedback channels (initiatives)"),
    ("3-10", "每月发布“权服月报”、开展“书记有约”座谈活动", "a bulletin and meetings (a publication and an event)"),
    ("3-10", "医学院和各临床医学院提供实验平台、自习教室、图书阅览室等", "facilities provided"),
]


def fold(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(FOLD)


@pytest.fixture(scope="module")
def rules(project) -> dict[str, list[tuple[str, str, int]]]:
    """Each edition's rules in the audited sections: (section, statement, processes governed)."""
    found = {}
    for edition in SOURCES:
        graph = Graph()
        for path in project.edition_files("zju-1002", edition):
            parse_into(graph, path)
        rows = []
        for rule in graph.subjects(RDF.type, URIRef(GK + "Rule")):
            section = str(graph.value(rule, PROV.wasDerivedFrom)).rsplit("/", 1)[1]
            if section.startswith(AUDITED):
                governs = len(list(graph.objects(rule, URIRef(GK + "governs"))))
                rows.append((section, str(graph.value(rule, URIRef(GK + "statement"))), governs))
        found[edition] = rows
    return found


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_every_stated_rule_is_in_the_graph_and_nothing_else(rules, edition):
    assert sorted((s, t) for s, t, _ in rules[edition]) == sorted(BOTH + ONLY[edition])
    assert len(rules[edition]) == {"2023": 36, "2024": 38}[edition]


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_every_rule_governs_a_process(rules, edition):
    assert [t for _, t, governs in rules[edition] if governs == 0] == []


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_sentences_judged_not_rules_are_in_the_text_and_are_no_rule(project, rules, edition):
    text = fold((project.data / "sources" / SOURCES[edition]).read_text(encoding="utf-8"))
    assert [s for _, s, _ in NOT_RULES if fold(s) not in text] == []
    statements = [fold(t) for _, t, _ in rules[edition]]
    assert [s for _, s, _ in NOT_RULES if any(fold(s) in t for t in statements)] == []
