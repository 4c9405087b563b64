"""Proofreading: every anomaly of the source the build can find, as diagnostics (severity ``note``).

These are findings about the text, listed by ``check`` and on the 校勘记 page;
they never fail the build. Numbering gaps and items out of sequence are found
by the parser (``article-gap``, ``item-order``) because numbering is its concern;
the pipeline lists them beside these findings.

Each detector is a pure function over the text units of the model (a 款, a 项,
a news paragraph, a heading) and reports positions through the units' segments,
so every finding names the exact ``file:line:col`` of the source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Corpus, Document, Paragraph, Segment
from ..source.punctuation import FULL_TO_HALF, HALF_TO_FULL, normalise_width
from ..source.read import SourceText

CATEGORY_NAMES: dict[str, str] = {
    "article-gap": "条文缺漏",
    "article-order": "条序错乱",
    "article-repeated": "条号重复",
    "item-order": "项序错乱",
    "doubled-char": "重字（衍字）",
    "quote-unbalanced": "引号不配对",
    "quote-misplaced": "引号错位",
    "bracket-unbalanced": "括号不配对",
    "lead-in-mismatch": "项与引语不符",
    "lead-in-without-items": "引语后缺项",
    "dangling-conjunction": "连词悬空",
    "punct-sequence": "标点连用",
    "stray-space": "字间空格",
    "item-terminal": "项末标点不一",
    "join-break": "断行接续",
    "item-marker": "项目标记缺失",
    "mixed-width": "标点宽度混用",
    "term-variant": "同词异写",
    "unterminated": "句子未完",
    "fullwidth-digit": "全角数字",
    "chapter-order": "章序错乱",
    "chapter-title": "章名不符",
    "no-chapter": "无所属章",
    "empty-chapter": "空章",
    "section-order": "小标题序号错乱",
    "headline-body": "标题与正文不一",
    "person-name": "人名与登记不符",
    "chapter-subject": "章名与条文所列不一",
    "enumeration-count": "列举数目不符",
    "article-count": "条数超出",
    "invisible-char": "不可见字符",
    "variation-selector": "异体字选择符",
}
"""Chinese category names of diagnostic codes (the 校勘记 page groups by these, in this order)."""

CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "article-gap": "条号不连续：来源缺少其间的条文（已作为缺文条目收录）。",
    "article-order": "条号倒序：后出的条号小于前一条。",
    "article-repeated": "同一条号出现两次。",
    "item-order": "项的序号不按（一）（二）（三）……顺序。",
    "doubled-char": "同一字连写两次，而不是“层层”“久久”一类叠词，也不是“小组|组长”“共和国|国务院”“工作|作风”一类词界重字。",
    "quote-unbalanced": "段内引号不成对：有开无合，或有合无开。",
    "quote-misplaced": "引号位置不当：应为后引号处印成前引号，或引语结束处缺后引号。",
    "bracket-unbalanced": "段内括号不成对。",
    "lead-in-mismatch": "各项与引语不相衔接：引语本身是完整的规定，没有“下列”“以下”“如下”“是：”一类引出各项的词。",
    "lead-in-without-items": "引语说有“下列”各项，其后却没有项。",
    "dangling-conjunction": "连词后面紧接标点，缺少连接的对象（如“建设和；”）。",
    "punct-sequence": "两个点号连用（如“，。”“、、”），其中一个是多余的。",
    "stray-space": "中文字之间夹有空格，多是排版或转录留下的。",
    "item-terminal": "项末标点不合“前项用分号、末项用句号”的体例。",
    "join-break": "句子被换版或换栏截断，构建时已与下文接续为一段。",
    "item-marker": "断行之后的项丢失了“- ”列表标记，构建时仍按项处理。",
    "mixed-width": "中文正文里夹用半角标点 , ; : ( ) ?；网站显示时已改为全角，来源文件不改。",
    "term-variant": "同一文件中同一术语有两种写法（多一字或少一字）。两种写法及其位置并列；哪一种对，由他本或编者判定，不按出现次数多少。",
    "unterminated": "段落在句中结束，下文没有接续。",
    "fullwidth-digit": "用了全角数字。",
    "chapter-order": "章号不连续或倒序。",
    "chapter-title": "章名与元数据不一致，或缺章名。",
    "no-chapter": "条文前没有章标题，元数据也未给出所属章。",
    "empty-chapter": "章标题之后没有条文。",
    "section-order": "新闻小标题的序号重复或倒序。",
    "headline-body": "标题里加引号的提法，正文另有一字之差的写法；两处都列出，哪一种对由他本或编者判定。",
    "person-name": "报道中发言人的姓名不在人名登记（content/witnesses.yml）里，登记中有一字之差的姓名（有旁证的注明旁证）。",
    "chapter-subject": "条文自己列举的各章事项（如第五十条）与章名写法不一：列出两种写法，不自行统一。",
    "enumeration-count": "引语说有几个方面，其下“一是……”的数目与之不符。",
    "article-count": "条号超出元数据所载的条数（article_count）：或元数据有误，或来源多出条文。",
    "invisible-char": "来源中夹有零宽空格一类看不见的字符（多是从网页复制留下的）；网站显示时已去掉，来源文件不改。",
    "variation-selector": "来源中有异体字选择符，选定前一字的字形；网站照录。",
}
"""What each category means, in Chinese, for the 校勘记 page."""

REDUPLICATIONS: frozenset[str] = frozenset(
    "层层 久久 常常 天天 年年 月月 人人 处处 事事 时时 家家 户户 个个 一一 步步 代代 世世 默默 渐渐 紧紧 牢牢 稳稳 实实 踏踏 扎扎 切切 真真 明明 轻轻 "
    "慢慢 快快 好好 往往 刚刚 仅仅 恰恰 偏偏 屡屡 频频 纷纷 连连 累累 历历 种种 条条 项项 件件 样样 节节 级级 环环 重重 多多 深深 高高 大大 小小 细细 统统 "
    "通通 白白 区区 寥寥 谆谆 兢兢 孜孜 堂堂 熙熙 形形 井井 洋洋 赫赫 浩浩 荡荡 滔滔 生生 息息 源源 本本 亲亲 姐姐 妹妹 哥哥 弟弟 爸爸 "
    "妈妈 爷爷 奶奶 宝宝 星星 猩猩 匆匆 悄悄 冉冉 翩翩 熊熊 蒸蒸 欣欣 勃勃 津津 落落 侃侃 娓娓 喋喋 念念 恋恋".split()
)
"""Legitimate reduplications (层层加码, 久久为功, 常常): a doubled character that is a word."""

_BOUNDARY_DOUBLE = re.compile(r"([组部处局厅科院所队会社校市县省区镇乡村站室团])\1([长])")
"""A doubled character at a compound boundary before a title: 小组|组长, 组织部|部长, 检查组|组长."""

BOUNDARY_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "国": (("共和国", "全国", "外国", "本国"), ("国家", "国务院", "国旗", "国歌", "国徽", "国籍", "国有", "国际", "国防")),
    "会": (("委员会", "代表大会", "协会", "学会", "理事会", "常委会"), ("会议", "会同", "会商", "会员")),
    "作": (("工作", "合作", "协作"), ("作风", "作出", "作为", "作用")),
    "产": (("生产", "财产", "资产", "房地产"), ("产品", "产业", "产权")),
    "理": (("管理", "处理", "办理", "审理", "治理", "清理"), ("理论", "理由", "理顺")),
    "督": (("监督",), ("督促", "督查", "督办", "督导")),
    "查": (("检查", "调查", "审查", "核查", "督查"), ("查处", "查阅", "查询", "查封", "查验")),
    "法": (("宪法", "立法", "执法", "司法", "依法"), ("法律", "法规", "法院", "法定", "法人")),
    "员": (("人员", "成员", "委员", "党员"), ("员额",)),
    "人": (("个人", "法人", "责任人", "负责人"), ("人民", "人员", "人事")),
}
"""A doubled character where one word ends and the next begins (共和国|国家, 委员会|会议, 工作|作风, 管理|理论):
both words as printed, so the doubling is a boundary, not a misprint (a small word list, not frequency)."""


def _boundary_double(t: str, i: int) -> bool:
    """Whether ``t[i] == t[i + 1]`` sits where a listed word ends and another begins.

    >>> _boundary_double("中华人民共和国国务院", 6), _boundary_double("全面从从严", 2)
    (True, False)
    """
    words = BOUNDARY_WORDS.get(t[i])
    if not words:
        return False
    left, right = words
    return any(t.endswith(w, 0, i + 1) for w in left) and any(t.startswith(w, i + 1) for w in right)

LIST_CUES = re.compile(r"下列|以下|如下|包括[:：]?$|是[:：]$|为[:：]$|有[:：]$|职责[:：]$")
"""Cue words by which a lead-in announces its items (主要职责是：, 重点检查下列情况：)."""
_CONDITIONAL = re.compile(r"的[,，]")
"""A lead-in that states a condition and its consequence (…的，依法追究…) is a complete rule."""

CONJUNCTIONS = ("以及", "或者", "和", "与", "及", "或", "并")
_CLAUSE_END = set(",，;；。:：!！?？")
_ATTRIBUTION = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:分析指出|介绍说|指出|表示|强调|认为|说)")

QUOTES = {"“": "”", "‘": "’"}
BRACKETS = {"（": "）", "(": ")", "《": "》", "【": "】", "[": "]"}


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One unit of text checked as a whole: a 款's own text, a 项, a news paragraph or a heading.

    ``text`` is the display text; ``positions[i]`` is the (line, col) of ``text[i]`` in the source.
    """

    eid: str
    kind: str
    """``para``, ``item``, ``heading``."""
    raw: str
    text: str
    positions: tuple[tuple[int, int], ...]


def _unit(eid: str, kind: str, segments: Iterable[Segment]) -> TextUnit:
    segs = tuple(segments)
    pos = tuple((s.line, s.col + i) for s in segs for i in range(len(s.raw)))
    return TextUnit(eid, kind, "".join(s.raw for s in segs), "".join(s.text for s in segs), pos)


def text_units(doc: Document) -> tuple[TextUnit, ...]:
    """Every unit of ``doc`` in source order (items keep their printed label ``（三）``).

    >>> # [u.eid for u in text_units(reg)][:2] == ['art_6__para_1', 'art_6__para_2']
    """
    out: list[TextUnit] = []
    for ch in doc.chapters:
        if ch.heading_segments:
            out.append(_unit(ch.eid, "heading", ch.heading_segments))
        for a in ch.articles:
            for p in a.paragraphs:
                out.append(_unit(p.eid, "para", p.segments))
                for i in p.items:
                    out.append(_unit(i.eid, "item", i.segments))
                    out.extend(_unit(t.eid, "item", t.segments) for t in i.points)
    for s in doc.sections:
        if s.heading_segments:
            out.append(_unit(s.eid, "heading", s.heading_segments))
        out.extend(_unit(p.eid, "para", p.segments) for p in s.paragraphs)
    return tuple(sorted((u for u in out if u.positions), key=lambda u: u.positions[0]))


class _Reporter:
    def __init__(self, file: str, src: SourceText):
        self.file = file
        self.src = src
        self.out: list[Diagnostic] = []

    def add(self, pos: tuple[int, int], code: str, message: str, length: int = 1) -> None:
        line, col = pos
        self.out.append(Diagnostic(self.file, line, col, "note", code, message,
                                   source_line=self.src.line(line), length=length))


def find_doubled(unit: TextUnit) -> Iterator[tuple[int, str]]:
    """(index, message) for each doubled ideograph that is no known reduplication or compound boundary.

    >>> [m for _, m in find_doubled(_unit("x", "para", (Segment("全面从从严治党", "全面从从严治党", 1, 1),)))][0][:10]
    '“从” is pri'
    """
    t = unit.text
    i = 0
    while i < len(t) - 1:
        c = t[i]
        if c == t[i + 1] and "\u4e00" <= c <= "\u9fff":
            run = 2
            while i + run < len(t) and t[i + run] == c:
                run += 1
            word = t[i:i + 2]
            # AABB (认认真真, 实实在在, 兢兢业业) is a productive reduplication: either half is legitimate.
            aabb = (i + 3 < len(t) and t[i + 2] == t[i + 3] != c) or (i >= 2 and t[i - 2] == t[i - 1] != c)
            if run == 2 and (word in REDUPLICATIONS or aabb or _BOUNDARY_DOUBLE.match(t, i) or _boundary_double(t, i)):
                i += 2
                continue
            context = t[max(0, i - 4):i + run + 4]
            yield i, (f"“{c}” is printed {run} times in a row in “{context}” "
                      f"(expected it once; a reduplication such as 层层 would be a word)")
            i += run
            continue
        i += 1


def find_quote_problems(unit: TextUnit) -> Iterator[tuple[int, str, str]]:
    """(index, code, message) for quotation marks that do not pair up within the unit.

    An opening mark that is never closed is ``quote-unbalanced``; when it sits right
    before a speaker's attribution (“董建明强调), or the quoted run contains one
    (“如何提升…?史卫忠指出), it is also ``quote-misplaced``: a closing mark was meant.
    Invariant: a unit whose marks pair up yields nothing.

    >>> [(i, code) for i, code, _ in find_quote_problems(_unit("x", "para", (Segment("落实。“董建明强调。", "落实。“董建明强调。", 1, 1),)))]
    [(3, 'quote-misplaced')]
    """
    t = unit.text
    for open_q, close_q in QUOTES.items():
        stack: list[int] = []
        for i, c in enumerate(t):
            if c == open_q:
                if stack:
                    yield stack[-1], "quote-unbalanced", (
                        f"{open_q} is opened again at column {unit.positions[i][1]} before it is closed "
                        f"(expected {close_q} first)")
                    stack[-1] = i
                else:
                    stack.append(i)
            elif c == close_q:
                if stack:
                    stack.pop()
                else:
                    yield i, "quote-unbalanced", f"{close_q} closes a quotation that was never opened in this paragraph (expected {open_q} before it)"
        for i in stack:
            rest = t[i + 1:]
            m = _ATTRIBUTION.match(rest)
            if m and (i == 0 or t[i - 1] in "。！？!?…"):
                yield i, "quote-misplaced", (
                    f"{open_q} opens a quotation right before the attribution “{m.group(0)}” and nothing closes it "
                    f"(expected the closing mark {close_q} here)")
                continue
            inner = re.search(r"[?？!！。](" + _ATTRIBUTION.pattern + ")", rest)
            if inner:
                at = i + 1 + inner.start() + 1
                yield i, "quote-misplaced", (
                    f"{open_q} is never closed; the quotation seems to end before “{inner.group(1)}” at column "
                    f"{unit.positions[at][1]} (expected {close_q} after “{rest[inner.start()]}”)")
                continue
            yield i, "quote-unbalanced", f"{open_q} is never closed in this paragraph (expected {close_q})"


def find_bracket_problems(unit: TextUnit) -> Iterator[tuple[int, str]]:
    """(index, message) for brackets that do not pair up within the unit; ( may close with ） and the reverse.

    >>> [i for i, _ in find_bracket_problems(_unit("x", "para", (Segment("党组(党委", "党组（党委", 1, 1),)))]
    [2]
    """
    t = unit.raw
    closers = {v: k for k, v in BRACKETS.items()}
    stack: list[int] = []
    for i, c in enumerate(t):
        if c in BRACKETS:
            stack.append(i)
        elif c in closers:
            if stack and closers.get(c) in (t[stack[-1]], FULL_TO_HALF.get(t[stack[-1]]), HALF_TO_FULL.get(t[stack[-1]])):
                stack.pop()
            elif stack and _same_family(t[stack[-1]], c):
                stack.pop()
            else:
                yield i, f"{c} closes a bracket that was never opened (expected {closers[c]} before it)"
    for i in stack:
        yield i, f"{t[i]} is never closed in this paragraph (expected {BRACKETS[t[i]]})"


def _same_family(open_c: str, close_c: str) -> bool:
    return {open_c, close_c} <= {"(", "（", ")", "）"}


def find_dangling_conjunctions(unit: TextUnit) -> Iterator[tuple[int, str]]:
    """(index, message) for a conjunction left hanging before punctuation (建设和；).

    >>> [i for i, _ in find_dangling_conjunctions(_unit("x", "item", (Segment("队伍建设和;", "队伍建设和；", 1, 1),)))]
    [4]
    """
    t = unit.text
    for i, c in enumerate(t):
        if c in _CLAUSE_END and i > 0:
            for conj in CONJUNCTIONS:
                if t.endswith(conj, 0, i):
                    j = i - len(conj)
                    # 参与/给与/以及 inside a word: only a conjunction after a noun-ish ideograph counts.
                    if conj in ("与", "及", "并") and j > 0 and t[j - 1] in "参给赋以涉波普顾":
                        break
                    yield j, (f"the conjunction “{conj}” stands before “{c}” with nothing after it in “{t[max(0, j - 6):i + 1]}” "
                              f"(expected a word after “{conj}”, or no “{conj}”)")
                    break


_DATELINE_END = re.compile(r"\d+日电$")
_PUNCT_RUN = re.compile(r"[,，;；:：。、]{2,}")
_STRAY_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。；：、“”（）])[ \u3000\t]+(?=[\u4e00-\u9fff“”（）])")


def find_punctuation_runs(unit: TextUnit) -> Iterator[tuple[int, int, str]]:
    """(index, length, message) for two or more pause or stop marks in a row (“，。”, “、、”).

    >>> [(i, n) for i, n, _ in find_punctuation_runs(_unit("x", "para", (Segment("甲,。乙", "甲，。乙", 1, 1),)))]
    [(1, 2)]
    """
    for m in _PUNCT_RUN.finditer(unit.text):
        yield m.start(), len(m.group(0)), (f"the marks “{m.group(0)}” stand together (expected one mark: "
                                           f"a pause or stop mark is never doubled)")


def find_stray_spaces(unit: TextUnit) -> Iterator[tuple[int, int, str]]:
    """(index, length, message) for spaces between Chinese characters inside a text (layout residue)."""
    if unit.kind == "heading":
        return
    for m in _STRAY_SPACE.finditer(unit.text):
        if _DATELINE_END.search(unit.text, 0, m.start()):
            continue  # 本报北京3月5日电 　正文: the space after a dateline is the newspaper's style
        around = unit.text[max(0, m.start() - 4):m.end() + 4]
        yield m.start(), len(m.group(0)), f"a space inside Chinese text in “{around}” (expected no space between the characters)"


def _lead_in_problem(para: Paragraph) -> str:
    lead = normalise_width(para.text.strip())[0]
    if para.items:
        if LIST_CUES.search(lead):
            return ""
        if _CONDITIONAL.search(lead):
            return (f"the lead-in “…{lead[-16:]}” is a complete rule (a condition and its consequence) and introduces "
                    f"no list, yet {len(para.items)} items follow (expected a lead-in with 下列/以下/如下/是： "
                    f"such as “有下列情形之一的”, as in the other list articles)")
        return ""
    if re.search(r"(下列|以下|如下)[^。；;]*[:：]$", lead):
        return f"the lead-in “…{lead[-12:]}” announces a list but no items follow (expected （一） …)"
    return ""


def _item_terminal_problems(para: Paragraph) -> Iterator[tuple[Segment, int, str]]:
    """(segment, offset, message) for items whose final mark breaks the ；…。 pattern of the list. An item with
    目 ends where its last 目 ends (its own text leads into them); its other 目 end with ；."""
    n = len(para.items)
    for k, item in enumerate(para.items, 1):
        for t in item.points[:-1]:
            end = normalise_width(t.text.rstrip())[0][-1:] or ""
            if end != "；":
                seg = t.segments[-1]
                yield seg, len(seg.raw.rstrip()) - 1, f"目 {t.label} of item {item.label} ends with “{end}” (expected “；”)"
        it = item.points[-1] if item.points else item
        seg = it.segments[-1]
        end = normalise_width(it.text.rstrip())[0][-1:] or ""
        expected = "。" if k == n else "；"
        if end == expected:
            continue
        if k == n and end == "；":
            msg = f"the last item {item.label} ends with “；” (expected “。”: the list ends here)"
        elif end == "。" and k < n:
            msg = f"item {item.label} ends with “。” but item {para.items[k].label} follows (expected “；”)"
        else:
            msg = f"item {item.label} ends with “{end}” (expected “{expected}”)"
        yield seg, len(seg.raw.rstrip()) - 1, msg


def _mixed_width(rep: _Reporter, doc: Document, units: tuple[TextUnit, ...]) -> None:
    """One finding per document: half-width marks inside Chinese text, counted, with the first position."""
    counts: Counter[str] = Counter()
    first: tuple[int, int] | None = None
    per_line: dict[int, set[str]] = {}
    for u in units:
        _, changed = normalise_width(u.raw)
        for i in changed:
            counts[u.raw[i]] += 1
            if first is None or u.positions[i] < first:
                first = u.positions[i]
            per_line.setdefault(u.positions[i][0], set()).add(u.raw[i])
        for i, c in enumerate(u.raw):
            if c in FULL_TO_HALF:
                per_line.setdefault(u.positions[i][0], set()).add(c)
    if not counts or first is None:
        return
    wide = sorted({c for u in units for c in u.raw if c in "。、“”‘’《》—…；，：（）？！"})
    total = sum(counts.values())
    detail = " ".join(f"{c}×{n}" for c, n in sorted(counts.items()))
    full_marks = "".join(HALF_TO_FULL[c] for c in sorted(counts))
    rep.add(first, "mixed-width",
            f"“{doc.title}” prints {total} half-width marks inside Chinese text ({detail}), first here"
            + (f", beside full-width {''.join(wide)}" if wide else "")
            + f" (expected full-width {full_marks}; the site shows them full-width)")
    # Per-line detail only where one line mixes both widths of the same mark (rare, so it stays readable).
    for line in sorted(per_line):
        marks = per_line[line]
        both = sorted(c for c in marks if c in HALF_TO_FULL and HALF_TO_FULL[c] in marks)
        if both:
            col = rep.src.line(line).find(both[0]) + 1
            rep.add((line, col), "mixed-width",
                    f"this line prints both {both[0]} and {HALF_TO_FULL[both[0]]} (expected one width: {HALF_TO_FULL[both[0]]})")


_IDEOGRAPH_RUN = re.compile(r"[\u4e00-\u9fff]+")
MIN_TERM = 5
"""The shorter spelling has at least this many characters (shorter pairs are mostly chance)."""
MAX_TERM = 12
MIN_FREQUENT = 3
FUNCTION_CHARS = frozenset("的了地得着过和与及或等对中把被在于以所之其也并而则向从")
"""An inserted or dropped function character (对检查 / 对被检查) changes the phrase, not the term."""
MODIFIER_CHARS = frozenset("级一各该本每另上下总副分正原新前后内外非有无")
"""An inserted level or scope morpheme makes another word, not another spelling (县人民政府 / 县级人民政府,
上级机关 / 上一级机关, 负责人 / 主要负责人 are different terms)."""


def find_term_variants(units: tuple[TextUnit, ...]) -> list[tuple[tuple[int, int], str, int]]:
    """((line, col), message, length) for a rare spelling of a frequent term that differs by one
    character inserted or dropped inside it (被检查组织 once beside 被检查党组织 many times).

    Invariant: terms are runs of ideographs; the shorter spelling has at least MIN_TERM characters;
    the frequent spelling occurs at least MIN_FREQUENT times and three times as often as the rare
    one, and is a closed unit (its occurrences are not all continued by the same character, so it is
    no truncated longer term); the differing character is inside the term, is no function word (的,
    被, 对 …), does not double its neighbour (that is ``doubled-char``) and, when inserted, does not
    form a more common word with a neighbour (党委 in 同级党委组织部); a rare occurrence that straddles
    a more common word (检查组|开展检查) is a chance collocation. Each rare occurrence is reported
    once, for the pair whose frequent spelling is most frequent (then longest).

    Linear in the text (``tests/bench/bench_proofread.py``): each distinct run of ideographs is read
    once, weighted by its number of copies; only frequent n-grams are counted (an n-gram can be
    frequent only where both its (n-1)-grams are), and rare spellings are looked for only where
    they differ by one character from a frequent one.

    >>> len(find_term_variants(tuple(_unit(str(i), "para", (Segment(t, t, i, 1),)) for i, t in
    ...     enumerate(["被检查党组织。", "向被检查党组织。", "对被检查党组织。", "与被检查组织。"], 1))))
    1
    """
    places: list[tuple[TextUnit, int]] = []
    """Where each run of ideographs starts: (unit, offset in its text), in text order."""
    copies: dict[str, list[int]] = {}
    """Each distinct run → the indexes (into ``places``) of its copies, in text order."""
    for u in units:
        if u.kind == "heading":
            continue
        for m in _IDEOGRAPH_RUN.finditer(u.text):
            copies.setdefault(m.group(0), []).append(len(places))
            places.append((u, m.start()))
    runs = list(copies)
    weights = [len(c) for c in copies.values()]
    freq, first = _frequent_ngrams(runs, weights, 2, MAX_TERM + 1, MIN_FREQUENT)

    # Rare spellings one character longer than a frequent one (a character inserted inside it, at q):
    # the characters around q form a frequent bigram, the frequent term's head ends at q and (the
    # frequent set being closed under prefixes and suffixes) the search stops at the first miss.
    occ: dict[str, list[tuple[int, int]]] = {}
    """Occurrences (distinct run, offset) of the rare spellings and of the frequent ones looked at, in text order."""
    for d, run in enumerate(runs):
        found: list[tuple[int, str]] = []
        for q in range(1, len(run) - 1):
            c = run[q]
            if c in FUNCTION_CHARS or c == run[q - 1] or c == run[q + 1] or run[q - 1] + run[q + 1] not in freq:
                continue
            for k in range(1, min(q, MAX_TERM - 1) + 1):
                p = q - k
                head = run[p:q]
                if k >= 2 and head not in freq:
                    break
                tail = run[q + 1:p + MAX_TERM + 1]
                j = k + 1
                while j <= k + len(tail) and (head + tail[:j - k]) in freq:
                    if j >= MIN_TERM:
                        found.append((p, run[p:p + j + 1]))
                    j += 1
        for p, long_term in sorted(set(found)):
            if long_term not in freq:
                occ.setdefault(long_term, []).append((d, p))

    # Rare spellings one character shorter than a frequent one: collect them, then find them in one scan.
    wanted: set[str] = set()
    for term in freq:
        for k in range(1, len(term) - 1):
            c = term[k]
            if len(term) > MIN_TERM and c not in FUNCTION_CHARS and c not in (term[k - 1], term[k + 1]):
                short = term[:k] + term[k + 1:]
                if short not in freq and short not in occ:
                    wanted.add(short)
    occ.update(_occurrences(runs, wanted))

    rare_counts = {t: sum(weights[d] for d, _ in places_of_t) for t, places_of_t in occ.items()}

    def count(s: str) -> int:
        return freq.get(s) or rare_counts.get(s, 0)

    for t, places_of_t in occ.items():
        first.setdefault(t, places_of_t[0])
    long_terms = sorted((t for t in (*freq, *occ) if len(t) >= MIN_TERM + 1),
                        key=lambda t: (copies[runs[first[t][0]]][0], len(t), first[t][1]))

    def pairs() -> Iterator[tuple[int, str, str, int, int]]:
        """(k, frequent, rare, n_freq, n_rare) in the order of the long terms' first occurrence."""
        for long_term in dict.fromkeys(long_terms):
            n_long = count(long_term)
            for k in range(1, len(long_term) - 1):
                c = long_term[k]
                if c in FUNCTION_CHARS or c in MODIFIER_CHARS or c in (long_term[k - 1], long_term[k + 1]):
                    continue
                short = long_term[:k] + long_term[k + 1:]
                n_short = count(short)
                if not n_short:
                    continue
                frequent, rare = (long_term, short) if n_long > n_short else (short, long_term)
                n_freq, n_rare = max(n_long, n_short), min(n_long, n_short)
                if n_freq < MIN_FREQUENT or n_freq < 3 * n_rare:
                    continue
                if rare is long_term and max(freq.get(long_term[k - 1:k + 1], 0), freq.get(long_term[k:k + 2], 0)) >= n_freq:
                    continue
                yield k, frequent, rare, n_freq, n_rare

    # The frequent spellings' occurrences (is the term closed?) and those of rare spellings that are frequent too.
    candidates = list(pairs())
    occ.update(_occurrences(runs, {s for _, frequent, rare, _, _ in candidates for s in (frequent, rare) if s not in occ}))

    closed_cache: dict[str, bool] = {}

    def closed(term: str) -> bool:
        if term not in closed_cache:
            right = {runs[d][k + len(term)] if k + len(term) < len(runs[d]) else "" for d, k in occ[term]}
            left = {runs[d][k - 1] if k else "" for d, k in occ[term]}
            closed_cache[term] = not (len(right) == 1 and "" not in right) and not (
                len(left) == 1 and "" not in left and not left <= FUNCTION_CHARS)
        return closed_cache[term]

    def straddles(run: str, k: int, length: int, n_freq: int) -> bool:
        for n in range(3, 6):
            for start in range(max(0, k - n + 1), min(len(run) - n, k + length - 1) + 1):
                inside = start >= k and start + n <= k + length
                if not inside and freq.get(run[start:start + n], 0) > n_freq:
                    return True
        return False

    def positions(term: str) -> list[tuple[int, int]]:
        """(line, col) of every occurrence of ``term`` (all copies of each run it occurs in)."""
        out = []
        for d, at in occ[term]:
            for i in copies[runs[d]]:
                u, start = places[i]
                out.append(u.positions[start + at])
        return out

    best: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int], str, int]] = {}
    for k, frequent, rare, n_freq, n_rare in candidates:
        if not closed(frequent):
            continue
        rare_places = sorted((i, at) for d, at in occ[rare] if not straddles(runs[d], at, len(rare), n_freq)
                             for i in copies[runs[d]])
        for i, at in rare_places:
            u, start = places[i]
            pos = u.positions[start + at]
            # Key: where the spellings differ in the source (the inserted character, or the one after the gap).
            key = (pos[0], pos[1] + k)
            rank = (n_freq, len(frequent))
            if key in best and best[key][0] >= rank:
                continue
            msg = (f"“{rare}” (at {_places(positions(rare))}) and “{frequent}” (at {_places(positions(frequent))}) "
                   f"in the same document: one term spelled two ways (expected one spelling; which one is right "
                   f"is for a witness or the editor to settle, not for the count of each)")
            best[key] = (rank, pos, msg, len(rare))
    return sorted((pos, msg, length) for _, pos, msg, length in best.values())


def _frequent_ngrams(runs: list[str], weights: list[int], low: int, high: int, threshold: int
                     ) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """n-grams (``low`` ≤ n ≤ ``high``) occurring at least ``threshold`` times in ``runs`` (run ``d`` counting
    ``weights[d]`` times), with their counts and first occurrence (run, offset).

    Level by level: an n-gram is counted only where both its (n-1)-grams are frequent, so the work after
    the first level follows the frequent n-grams, not every n-gram of the text.

    >>> sorted(_frequent_ngrams(["甲乙丙甲乙丙", "甲乙丙"], [1, 1], 2, 4, 3)[0].items())
    [('乙丙', 3), ('甲乙', 3), ('甲乙丙', 3)]
    """
    freq: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    starts: list[list[int]] = [list(range(len(r) - low + 1)) for r in runs]
    for n in range(low, high + 1):
        counts: Counter[str] = Counter()
        seen: dict[str, tuple[int, int]] = {}
        for d, run in enumerate(runs):
            if n > low:
                prev = set(starts[d])
                starts[d] = [p for p in starts[d] if p + 1 in prev and p + n <= len(run)]
            if not starts[d]:
                continue
            grams = [run[p:p + n] for p in starts[d]]
            w = weights[d]
            if w == 1:
                counts.update(grams)
            else:
                for s in grams:
                    counts[s] += w
            # Reversed, so that the first occurrence in the run is the one kept.
            for s, p in dict(zip(reversed(grams), reversed(starts[d]))).items():
                seen.setdefault(s, (d, p))
        level = {s: c for s, c in counts.items() if c >= threshold}
        if not level:
            break
        freq.update(level)
        first.update((s, seen[s]) for s in level)
        for d, run in enumerate(runs):
            if starts[d]:
                starts[d] = [p for p in starts[d] if run[p:p + n] in level]
    return freq, first


def _occurrences(runs: list[str], wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
    """(run, offset) of every occurrence of each string of ``wanted`` in ``runs``, in order.

    >>> _occurrences(["甲乙丙甲乙"], {"甲乙", "丙"})
    {'甲乙': [(0, 0), (0, 3)], '丙': [(0, 2)]}
    """
    out: dict[str, list[tuple[int, int]]] = {}
    if not wanted:
        return out
    lengths = sorted({len(w) for w in wanted})
    heads = {w[:lengths[0]] for w in wanted}
    for d, run in enumerate(runs):
        for p in range(len(run) - lengths[0] + 1):
            if run[p:p + lengths[0]] not in heads:
                continue
            for n in lengths:
                s = run[p:p + n]
                if s in wanted and len(s) == n:
                    out.setdefault(s, []).append((d, p))
    return out




_HEADLINE_QUOTE = re.compile(r"“([^”]{4,24})”")


def find_headline_body(doc: Document, units: tuple[TextUnit, ...]) -> Iterator[tuple[tuple[int, int], str, int]]:
    """((line, col), message, length) for a phrase quoted in the headline that the body gives with one character
    different (标题“高质量办好每一个案件” / 正文“高质效办好每一个案件”). Both spellings and their places are listed;
    neither is called right. Linear in the body for a headline phrase of bounded length.

    >>> # find_headline_body(news, text_units(news)) → [((306, 9), '… “高质效办好每一个案件” at 356:…', 10)]
    """
    if not doc.heading_segments:
        return
    head = _unit(doc.slug, "heading", doc.heading_segments)
    body = [u for u in units if u.kind != "heading"]
    for m in _HEADLINE_QUOTE.finditer(head.text):
        phrase = m.group(1)
        n = len(phrase)
        same: list[tuple[int, int]] = []
        other: dict[str, list[tuple[int, int]]] = {}
        for u in body:
            t = u.text
            for i in range(len(t) - n + 1):
                if t[i] != phrase[0] and t[i + 1] != phrase[1]:
                    continue  # two differences in the first two characters: not a one-character variant
                diff = -1
                for j in range(n):
                    if t[i + j] != phrase[j]:
                        if diff >= 0:
                            diff = -2
                            break
                        diff = j
                if diff == -1:
                    same.append(u.positions[i])
                elif diff >= 0:
                    a, b = phrase[diff], t[i + diff]
                    if "\u4e00" <= b <= "\u9fff" and a not in FUNCTION_CHARS and b not in FUNCTION_CHARS:
                        other.setdefault(t[i:i + n], []).append(u.positions[i])
        for variant, places in sorted(other.items()):
            where = ", ".join(f"{line}:{col}" for line, col in places[:6])
            also = (f"; the body also prints the headline's spelling at {', '.join(f'{line}:{col}' for line, col in same[:6])}"
                    if same else "")
            yield head.positions[m.start(1)], (
                f"the headline quotes “{phrase}”; the body gives “{variant}” at {where}{also} "
                f"(expected the headline and the body to agree; a witness or the editor settles which is right)"), n


_ATTRIBUTED_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?)(?=分析指出|介绍说|强调|表示|指出|认为)")


def find_person_names(units: tuple[TextUnit, ...], persons) -> Iterator[tuple[int, TextUnit, str, int]]:
    """(index, unit, message, length) for a speaker's name (the 2–3 characters before 表示/指出/强调 …) that is not
    in the names register but is one character from a registered name (董建明 / 童建明). Only documents with a
    register are checked: a name is judged against witnesses, never against the text's own majority.

    >>> from lawref.editorial.witnesses import Person
    >>> u = _unit("p", "para", (Segment("落实。董建明强调。", "落实。董建明强调。", 1, 1),))
    >>> [m[:12] for _, _, m, _ in find_person_names((u,), (Person("d", "童建明", "副检察长", ("w-a",)),))]
    ['the speaker ']
    """
    if not persons:
        return
    names = {p.name: p for p in persons}
    for u in units:
        if u.kind == "heading":
            continue
        for m in _ATTRIBUTED_NAME.finditer(u.text):
            name = m.group(1)
            if name in names:
                continue
            near = [p for p in persons if len(p.name) == len(name)
                    and sum(a != b for a, b in zip(p.name, name)) == 1]
            if not near:
                continue
            p = near[0]
            basis = (f"witnesses {', '.join(p.witnesses)}" if p.witnesses else "the editor's entry, no witness found")
            yield m.start(1), u, (
                f"the speaker “{name}” is not in the names register; it registers “{p.name}” ({p.title}; {basis}) "
                f"(expected the name as the register gives it)"), len(name)


def find_chapter_subjects(doc: Document) -> Iterator[tuple[tuple[int, int], str, int]]:
    """((line, col), message, length) for a chapter subject listed in the text (第五十条: 组织领导和机构职责、
    工作程序和方式权限、…等，参照本条例) whose wording differs from the chapter's title (第四章 工作程序、方式和权限),
    beyond a leading subject word the list leaves out (the chapter's title ends with the listed words).
    Reported, never reconciled: which wording is right needs a witness."""
    from ..source.subjects import ANALOGY_RE, match_subject
    chapters = [c for c in doc.chapters if c.title]
    if not chapters:
        return
    for a in doc.articles():
        for p in a.paragraphs:
            if "参照本条例" not in p.text:
                continue
            unit = _unit(p.eid, "para", p.segments)
            for m in ANALOGY_RE.finditer(unit.text):
                clause = m.group(1)
                first = clause.find("、")
                if first < 0:
                    continue
                de = clause.rfind("的", 0, first)
                pos = m.start(1) + de + 1
                for part in clause[de + 1:].split("、"):
                    ch = match_subject(part, chapters)
                    if ch is not None and not ch.title.endswith(part):
                        yield unit.positions[pos], (
                            f"{a.label} lists the subject “{part}”, but {ch.label}'s title is “{ch.title}” "
                            f"(expected the same wording; one of them differs from the official text)"), len(part)
                    pos += len(part) + 1


_COUNT_CUE = re.compile(r"从([一二三四五六七八九十])个(?:维度|方面)")
_NUMBERED = re.compile(r"(?:^|[。；])([一二三四五六七八九十])是")


def find_enumeration_counts(doc: Document) -> Iterator[tuple[tuple[int, int], str, int]]:
    """((line, col), message, length) for a lead that announces N aspects (从四个维度) followed, in the same section,
    by a different number of 一是/二是 … points."""
    for s in doc.sections:
        paras = [_unit(p.eid, "para", p.segments) for p in s.paragraphs]
        for k, u in enumerate(paras):
            m = _COUNT_CUE.search(u.text)
            if not m:
                continue
            want = "一二三四五六七八九十".index(m.group(1)) + 1
            got = [n.group(1) for v in paras[k + 1:] for n in _NUMBERED.finditer(v.text)]
            if got and len(got) != want:
                yield u.positions[m.start()], (
                    f"the lead announces {m.group(1)} aspects (“{m.group(0)}”) but {len(got)} numbered points follow "
                    f"({'、'.join(g + '是' for g in got)}) (expected as many points as announced)"), len(m.group(0))


def _places(positions: list[tuple[int, int]], limit: int = 6) -> str:
    """``9:24, 30:24, 48:24`` (line:col of each occurrence, the first ``limit``).

    >>> _places([(30, 24), (9, 24)])
    '9:24, 30:24'
    """
    pos = sorted(set(positions))
    out = ", ".join(f"{line}:{col}" for line, col in pos[:limit])
    return out + (f" and {len(pos) - limit} more" if len(pos) > limit else "")


def find_anomalies(corpus: Corpus, src: SourceText, persons: tuple = ()) -> tuple[Diagnostic, ...]:
    """All anomalies of ``corpus`` (parsed from ``src``), sorted by position.

    Invariant: pure; each finding names file:line:col and what was expected, severity ``note``.

    >>> # find_anomalies(corpus, src)[0].code in CATEGORY_NAMES
    """
    rep = _Reporter(src.file, src)
    for doc in corpus.documents:
        units = text_units(doc)
        for u in units:
            for i, msg in find_doubled(u):
                rep.add(u.positions[i], "doubled-char", msg, length=2)
            for i, code, msg in find_quote_problems(u):
                rep.add(u.positions[i], code, msg)
            for i, msg in find_bracket_problems(u):
                rep.add(u.positions[i], "bracket-unbalanced", msg)
            for i, msg in find_dangling_conjunctions(u):
                rep.add(u.positions[i], "dangling-conjunction", msg)
            for i, n, msg in find_punctuation_runs(u):
                rep.add(u.positions[i], "punct-sequence", msg, length=n)
            for i, n, msg in find_stray_spaces(u):
                rep.add(u.positions[i], "stray-space", msg, length=n)
        paras: list[Paragraph] = [p for a in doc.articles() for p in a.paragraphs]
        for p in paras:
            problem = _lead_in_problem(p)
            if problem and p.segments:
                s = p.segments[-1]
                rep.add((s.line, s.col + len(s.raw.rstrip()) - 1), "lead-in-mismatch" if p.items else "lead-in-without-items",
                        problem)
            if p.items:
                for seg, off, msg in _item_terminal_problems(p):
                    rep.add((seg.line, seg.col + off), "item-terminal", msg)
        _mixed_width(rep, doc, units)
        for pos, msg, length in find_term_variants(units):
            rep.add(pos, "term-variant", msg, length=length)
        for pos, msg, length in find_headline_body(doc, units):
            rep.add(pos, "headline-body", msg, length=length)
        for i, u, msg, length in find_person_names(units, tuple(p for p in persons if p.doc == doc.slug)):
            rep.add(u.positions[i], "person-name", msg, length=length)
        for pos, msg, length in find_chapter_subjects(doc):
            rep.add(pos, "chapter-subject", msg, length=length)
        for pos, msg, length in find_enumeration_counts(doc):
            rep.add(pos, "enumeration-count", msg, length=length)
    for r in corpus.repairs:
        if r.kind == "join_break":
            # Point at the cut: the last character printed before the break.
            cut = len(src.line(r.span.start_line).rstrip()) or r.span.col
            rep.add((r.span.start_line, cut), "join-break",
                    f"{r.detail}: the text was cut by a page or column break and joined (expected the sentence to end before a blank line)")
    _marker_runs(rep, corpus)
    return tuple(sorted(rep.out, key=lambda d: (d.file, d.line, d.col, d.code, d.message)))


def _marker_runs(rep: _Reporter, corpus: Corpus) -> None:
    """One finding per list whose items lost their ``- `` marker after a break (not one per item)."""
    for doc in corpus.documents:
        for a in doc.articles():
            for p in a.paragraphs:
                restored = [i for i in p.items if i.marker_restored]
                if not restored:
                    continue
                first, last = restored[0], restored[-1]
                labels = first.label + (f"–{last.label}" if last is not first else "")
                lines = f"{first.span.start_line}" + (f"–{last.span.end_line}" if last.span.end_line != first.span.start_line else "")
                rep.add((first.span.start_line, first.span.col), "item-marker",
                        f"items {labels} (lines {lines}) follow a break without their '- ' list marker and were "
                        f"restored as items (expected '- ' before each item)")
