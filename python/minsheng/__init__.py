"""民生实事 workbook automation.

The core (this package, minus ``xl``) takes and returns plain values and never
imports xlwings; the CLI (``minsheng.cli``) and the ribbon macros
(``minsheng.xl``) are two thin adapters over it.
"""

__version__ = "0.1.0"
