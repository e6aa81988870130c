"""LibreOffice headless: convert and recalculate what we write.

Each call runs in a throwaway user profile in which OOXML files are always
recalculated on load (LibreOffice's default is to trust the cached values).

On Linux the Chinese office fonts a document names (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 宋体)
are missing; fontconfig would fall back to a sans-serif CJK face for all of them. The call adds
aliases (``FONT_ALIASES``) so they are drawn in a serif CJK face (Noto Serif CJK, from Debian's
fonts-noto-cjk, which ``.ci/run`` installs) and 黑体 in a sans one, as a county document looks.
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


SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "serif")
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "sans-serif")
FONT_ALIASES = {**{name: SERIF for name in ("仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "方正小标宋_GBK",
                                           "宋体", "SimSun", "楷体_GB2312", "楷体", "KaiTi")},
                **{name: SANS for name in ("黑体", "SimHei", "方正黑体_GBK")}}
SYSTEM_FONTS = Path("/etc/fonts/fonts.conf")


def font_config(folder: Path) -> dict[str, str]:
    """Environment for soffice that maps the office fonts above to what Linux has: a fontconfig
    file in ``folder`` that includes the system's and adds the aliases. {} elsewhere (Windows and
    macOS use their own fonts) or when the user already points FONTCONFIG_FILE somewhere."""
    if os.name != "posix" or os.environ.get("FONTCONFIG_FILE") or not SYSTEM_FONTS.exists():
        return {}
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer>'
        + "".join(f"<family>{f}</family>" for f in faces) + "</prefer></alias>"
        for name, faces in FONT_ALIASES.items())
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<include>{SYSTEM_FONTS}</include>{aliases}</fontconfig>", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


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
                              env={**os.environ, "SAL_USE_VCLPLUGIN": "svp", **font_config(Path(profile))})
    targets = [outdir / (Path(source).stem + "." + to.split(":")[0]) for source in sources]
    failed = [Path(s).name for s, t in zip(sources, targets) if not t.exists()]
    if done.returncode != 0 or failed:
        raise LibreOfficeError(f"LibreOffice 转换 {'、'.join(failed) or Path(sources[0]).name} 失败："
                               f"{done.stderr.strip() or done.stdout.strip()}")
    return targets


def recalculate(source: Path, outdir: Path) -> Path:
    """A recalculated .xlsx copy of ``source``: read its cached values with openpyxl(data_only=True)."""
    return convert(source, "xlsx:Calc MS Excel 2007 XML", outdir)
