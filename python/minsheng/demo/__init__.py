"""``minsheng demo``: the month's cycle on the embedded 微山县 2024 list, into a fresh folder.

``story`` runs build → split → units fill in (``returns``) → consolidate → validate → status →
bulletin → remind; ``validate`` is the demo's 校验 step.
"""
