"""The master's ``xlwings.conf`` sheet: where Excel's Python finds our code.

xlwings expands environment variables in these values; the office PC's setup
(README, Windows) sets ``MINSHENG_HOME`` to the folder this repo was cloned to.
"""

XLWINGS_SETTINGS = (
    ("PYTHONPATH", r"%MINSHENG_HOME%\python;%MINSHENG_HOME%\udfs"),
    ("UDF Modules", "minsheng_udfs"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "True"),
    ("Show Console", "False"),
)
