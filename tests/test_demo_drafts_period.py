"""Where the demo leaves a period's reminder drafts (issue 17, left): named by the period the reminders
chase, 一季度催报草稿 under 报送周期 季, not by the month."""

from __future__ import annotations

import pytest

from minsheng.demo.story import drafts_folder
from minsheng.model import cadence


@pytest.mark.parametrize("month, every, folder", [
    (3, cadence.MONTHLY, "3月催报草稿"), (4, cadence.MONTHLY, "4月催报草稿"),
    (3, cadence.QUARTERLY, "一季度催报草稿"), (12, cadence.QUARTERLY, "四季度催报草稿"),
])
def test_the_demo_names_its_drafts_by_the_period(tmp_path, month, every, folder):
    assert drafts_folder(tmp_path, month, every) == tmp_path / folder
