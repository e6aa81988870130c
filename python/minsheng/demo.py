"""The demo: what a month looks like, step by step, on the embedded 2024 data.

Each step prints what it did and leaves its files in the output folder.
"""

from __future__ import annotations

from pathlib import Path

from minsheng import catalogue, demo_validate
from minsheng.build import build


def step(title: str) -> None:
    print(f"\n== {title} ==")


def run(out: Path, month: int) -> int:
    data = catalogue.load()
    step("生成主台账")
    master = build(data, out / f"民生实事{data.year}.xlsm")
    n = sum(len(item.indicators) for item in data.items)
    print(f"{master}：{len(data.categories)} 类 {len(data.items)} 项 {n} 个指标，12 张月表。")
    for category in data.categories:
        items = [i for i in data.items if i.category == category]
        print(f"  {items[0].category_no}. {category}：{'、'.join(i.id for i in items)}")
    step(f"校验 {month} 月")
    demo_validate.run(master, month)
    return 0
