"""LibreOffice headless: convert and recalculate what we write.

Each call runs in a throwaway user profile in which OOXML files are always
recalculated on load (LibreOffice's default is to trust the cached values).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    pass


def soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    return None


def convert(source: Path, to: str, outdir: Path, timeout: float = 180) -> Path:
    """Convert ``source`` with LibreOffice (``to`` as for --convert-to, e.g. "pdf", "xlsx").

    Returns the converted file. Formulas are recalculated on load.
    """
    return convert_all([source], to, outdir, timeout)[0]


def convert_all(sources: list[Path], to: str, outdir: Path, timeout: float = 180) -> list[Path]:
    """Convert several files in one LibreOffice start (it costs about two seconds each time)."""
    binary = soffice()
    if binary is None:
        raise LibreOfficeError("未找到 LibreOffice（soffice），无法转换。")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="minsheng-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
        command = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", to, "--outdir", str(outdir), *map(str, sources)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout * len(sources),
                              env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    targets = [outdir / (Path(source).stem + "." + to.split(":")[0]) for source in sources]
    failed = [Path(s).name for s, t in zip(sources, targets) if not t.exists()]
    if done.returncode != 0 or failed:
        raise LibreOfficeError(f"LibreOffice 转换 {'、'.join(failed) or Path(sources[0]).name} 失败："
                               f"{done.stderr.strip() or done.stdout.strip()}")
    return targets


def recalculate(source: Path, outdir: Path) -> Path:
    """A recalculated .xlsx copy of ``source``: read its cached values with openpyxl(data_only=True)."""
    return convert(source, "xlsx:Calc MS Excel 2007 XML", outdir)
