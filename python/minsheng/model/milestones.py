"""节点 (milestones with dates) of an item tracked by 形象进度, as a notice writes them.

A catalogue row of 目标类型 节点 names its nodes in a 节点 column, in the notice's words:
``动工 3月底；主体完工 8月底；投入使用 12月底``. Each node is a name and the month it is due in
(上旬/中旬/下旬/底/前 all count as that month: the month's report shows whether it was met). The
row becomes a count: 目标值 is the number of nodes, the unit reports in 累计完成 how many nodes are
done (in order), and the plan steps to each node at its month (``plan``). The light follows
``model.formulas``: on time while every node due by the month is done; a node due and not done is
滞后, 严重滞后 once it is 配置 节点严重滞后月数 (``Settings.node_severe``, default ``SEVERE_MONTHS``)
or more months overdue; 已完成 when the last node is done.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

MEASURE = "个节点"  # 计量单位 of a 节点 row: 累计完成 counts the nodes done
INDICATOR = "已完成节点"  # 指标 of a 节点 row the catalogue names 形象进度 or leaves blank
SEVERE_MONTHS = 1  # default of 配置 节点严重滞后月数: a node overdue this many months or more is 严重滞后
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_NODE = re.compile(r"^(?P<name>.+?)[:：]?(?P<when>(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
                   r"(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)?)$")
_SPLIT = re.compile(r"[；;，,、\n]+")
HINT = "请按“节点名称 月份”逐个填写，用“；”分隔，月份不倒序，如：动工 3月底；主体完工 8月底；投入使用 12月底"


class Node(NamedTuple):
    name: str  # 动工, 主体完工, 投入使用 …
    month: int  # 1–12: the month it is due in
    when: str  # as the notice wrote it: 8月底


def read(text: object) -> tuple[tuple[Node, ...], str]:
    """(the nodes in order, "") or ((), what cannot be read) of a 节点 cell; blank gives ((), "")."""
    if text is None or not str(text).strip():
        return (), ""
    nodes = []
    for piece in _SPLIT.split(unicodedata.normalize("NFKC", str(text)).strip()):
        piece = re.sub(r"\s+", "", piece)
        if not piece:
            continue
        found = _NODE.match(piece)
        if not found:
            return (), f"节点“{piece}”无法读取：应为节点名称加月份"
        m = found.group("m")
        month = _CN.get(m) or int(m)
        if nodes and month < nodes[-1].month:
            return (), f"节点“{piece}”早于前一节点“{nodes[-1].name} {nodes[-1].when}”"
        nodes.append(Node(found.group("name"), month, found.group("when")))
    return tuple(nodes), ""


def text(nodes: tuple[Node, ...]) -> str:
    """The nodes as the 节点 column writes them back: ``动工 3月底；主体完工 8月底``."""
    return "；".join(f"{n.name} {n.when}" for n in nodes)


def plan(nodes: tuple[Node, ...]) -> list[float]:
    """The twelve planned cumulatives: how many nodes are due by the end of each month."""
    return [float(sum(1 for n in nodes if n.month <= m)) for m in range(1, 13)]


def late(nodes: tuple[Node, ...], done: float | None, month: int, light: str = "",
         severe: int = SEVERE_MONTHS) -> str:
    """What the bulletin says of the first node due by ``month`` and not done (``done`` nodes are
    done, in order): ``主体完工（8月底）未完成，滞后``; "" when none is late or nothing reported.
    ``light``: the row's status to name (blank: by how late the node is, 严重滞后 from ``severe``
    months overdue: 配置 节点严重滞后月数)."""
    if done is None or done >= len(nodes):
        return ""
    node = nodes[max(0, int(done))]
    if node.month > month:
        return ""
    light = light or ("严重滞后" if month - node.month >= severe else "滞后")
    return f"{node.name}（{node.when}）未完成，{light}"
