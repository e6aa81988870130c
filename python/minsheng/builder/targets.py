"""A catalogue's 目标值 in the notice's own words: the reading lives in ``notice.targets``
(with the wording the notice import judges by); the builder uses it from there."""

from __future__ import annotations

from minsheng.notice.targets import KINDS, read

__all__ = ["KINDS", "read"]
