"""builder.vba.add_ribbon copies the parts XlsxWriter deflated as stored: the bytes zipfile's own
deflating at level 6 would write, a part at a time."""

from __future__ import annotations

import shutil
import zipfile

from minsheng.builder import vba


def test_the_ribbon_is_added_with_the_same_bytes_as_by_inflating_and_deflating_again(built_master, tmp_path,
                                                                                     monkeypatch):
    fast, slow = (shutil.copy(built_master, tmp_path / f"{way}.xlsm") for way in ("fast", "slow"))
    copied = []
    original = vba._copy_deflated

    def counted(*args):
        copied.append(original(*args))
        return copied[-1]

    monkeypatch.setattr(vba, "_copy_deflated", counted)
    vba.add_ribbon(fast, vba.RIBBON_XML.read_bytes())
    monkeypatch.setattr(vba, "_copy_deflated", lambda *args: False)  # every part inflated and deflated again
    vba.add_ribbon(slow, vba.RIBBON_XML.read_bytes())
    assert fast.read_bytes() == slow.read_bytes() == built_master.read_bytes()
    with zipfile.ZipFile(built_master) as z:
        assert len(copied) == len(z.namelist()) - 2 and all(copied)  # all but .rels and the ribbon copied
        assert z.testzip() is None
    assert not list(tmp_path.glob("*.ribbon"))  # nothing left beside the file
