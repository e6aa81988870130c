"""Where the demo leaves a period's bulletin (issue 17b): named by the period it reports, 一季度民生实事通报.docx
under 报送周期 季, not by the month; the leaders' digests' folder follows its name."""

from __future__ import annotations

import pytest

from minsheng.demo.story import bulletin_file, drafts_folder
from minsheng.jobs.bulletin import digest_folder
from minsheng.model import cadence
from minsheng.model.settings import Settings


@pytest.mark.parametrize("month, every, name", [
    (3, cadence.MONTHLY, "3月民生实事通报.docx"), (4, cadence.MONTHLY, "4月民生实事通报.docx"),
    (3, cadence.QUARTERLY, "一季度民生实事通报.docx"), (12, cadence.QUARTERLY, "四季度民生实事通报.docx"),
])
def test_the_demo_names_its_bulletin_by_the_period(tmp_path, month, every, name):
    assert bulletin_file(tmp_path, month, every) == tmp_path / name
    period = drafts_folder(tmp_path, month, every).name.removesuffix("催报草稿")
    assert digest_folder(bulletin_file(tmp_path, month, every), Settings()).name.startswith(f"{period}民生实事通报_")
