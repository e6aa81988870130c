"""套话: a lagging row whose 存在问题 / 下步措施 is only stock phrases is flagged by 校验 and shown as 未说明
in the bulletin and the leaders' digests; a real explanation that merely contains a stock phrase is not."""

from __future__ import annotations

from datetime import date

import pytest

import filled
from minsheng.check.findings import CODES, WARNING
from minsheng.check.stock_phrases import stock_only
from minsheng.engines.file import read_master
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin, digest
from minsheng.status.progress import compute
from monthfill import type_into, validate

JOBS = ("1-1", "城镇新增就业")  # 3000 人; plan: 750 by March, so 440 is 滞后

STOCK = ["继续加快推进，确保按期完成。", "加大力度，全力推进", "进一步加大工作力度，确保按时完成任务",
         "抓紧推进，力争年底前完成全年目标任务。", "下步将继续推进。", "倒排工期，挂图作战，确保如期完工。",
         "加快施工进度", "继续按计划推进", "进度较慢", "推进缓慢", "正在积极推进中", "继 续 推 进 ！"]
REAL = ["督促施工单位6月底前交付。", "加快拨付", "加大岗位开发", "确保资金到位", "加强与财政局协调",
        "继续加快推进，4月20日前完成宿舍楼主体验收（责任人：王强）", "与两家供应商签订保供协议，确保按期完成。",
        "资金未到位", "雨季前沥青供应紧张。", "举办三场专场招聘会", "继续推进，5月底前完成", "新校区尚未验收"]


@pytest.mark.parametrize("text", STOCK)
def test_stock_phrases_alone_say_nothing(text):
    assert stock_only(text)


@pytest.mark.parametrize("text", REAL + ["", None, "无", 0])
def test_a_text_with_words_of_its_own_is_not_stock(text):
    assert not stock_only(text)



def test_a_lagging_row_with_only_stock_phrases_is_a_warning_naming_the_cell(reported):
    type_into(reported, 2, {JOBS: {"累计完成": 400}})
    type_into(reported, 3, {JOBS: {"累计完成": 440, "存在问题": "进度较慢", "下步措施": "继续加快推进，确保按期完成。"}})
    report = validate(reported)
    assert report.flat() == [("P2", "behind-plan-stock-phrase"), ("Q2", "behind-plan-stock-phrase")]
    assert report.valid and CODES["behind-plan-stock-phrase"].severity == WARNING
    step = report.findings[1]
    assert "滞后" in step.message and "“继续加快推进，确保按期完成。”" in step.message and "套话" in step.message
    assert "下步措施" in step.hint and "由谁负责" in step.hint and "几月几日前" in step.hint


def test_a_real_explanation_that_contains_a_stock_phrase_passes(reported):
    type_into(reported, 2, {JOBS: {"累计完成": 400}})
    type_into(reported, 3, {JOBS: {"累计完成": 440, "存在问题": "企业用工需求减少，进度较慢",
                                   "下步措施": "4月15日前举办两场专场招聘会，确保按期完成。"}})
    assert validate(reported).flat() == []


def test_a_row_on_plan_may_say_what_it_likes(reported):
    type_into(reported, 3, {JOBS: {"存在问题": "进度较慢", "下步措施": "继续加快推进，确保按期完成。"}})
    assert validate(reported).flat() == []


def test_stock_phrases_copied_from_last_month_are_one_finding_a_cell(reported):
    same = {"存在问题": "推进缓慢", "下步措施": "加大力度，全力推进"}
    type_into(reported, 2, {JOBS: {"累计完成": 400, **same}})
    type_into(reported, 3, {JOBS: {"累计完成": 440, **same}})
    assert validate(reported).flat() == [("P2", "behind-plan-text-unchanged"), ("Q2", "behind-plan-text-unchanged")]


DAY = date(2024, 4, 8)


def _model(master):
    book = read_master(master)
    progress, settings = compute(book, 3), settings_mod.load(book)
    return bulletin.bulletin(progress, book, settings, DAY), digest.digests(progress, book, settings, DAY)


def test_the_bulletin_and_the_digest_show_stock_phrases_as_unexplained(master):
    march = filled.fill(master)
    stock, real = "继续加快推进，确保按期完成。", "4月底前完成宿舍楼主体，确保按期完成。"
    filled.fill(march, 3, {("2-2", "职教中心招生"): {"下步措施": stock},
                           ("2-1", "普通高中新增招生"): {"下步措施": real}}, emails={})
    doc, digests = _model(march)
    texts = [(b.label, b.text) for b in doc.blocks if isinstance(b, bulletin.Para)]
    assert ("下步措施：", stock) not in texts and ("下步措施：", real) in texts
    assert texts.count(("下步措施：", bulletin.UNEXPLAINED)) == 1
    assert "只有套话的，记为未说明" in doc.text()  # §三 says what 未说明 covers
    (lines,) = [d.text() for d in digests.values() if "2-2" in d.text() and "需要关注" in d.text()][:1]
    attention = [line for line in lines.splitlines() if "2-2 " in line and "落后时序进度" in line]
    assert attention and all(stock not in line and "下步措施：未说明。" in line for line in attention)


def test_a_row_with_neither_text_explained_reads_unexplained_once(master):
    march = filled.fill(master)
    filled.fill(march, 3, {("2-2", "职教中心招生"): {"存在问题": "进度较慢", "下步措施": "继续加快推进，确保按期完成。"}},
                emails={})
    doc, _ = _model(march)
    blocks = doc.blocks
    (at,) = [k for k, b in enumerate(blocks) if isinstance(b, bulletin.Heading) and "）2-2 " in b.text]
    assert (blocks[at + 1].label, blocks[at + 1].text) == ("存在问题、下步措施：", bulletin.UNEXPLAINED)
    assert isinstance(blocks[at + 2], bulletin.Heading)  # the next item follows
    (other,) = [k for k, b in enumerate(blocks) if isinstance(b, bulletin.Heading) and "）6-1 " in b.text]
    assert [blocks[other + 1].label, blocks[other + 2].label] == ["存在问题：", "下步措施："]
