"""校验: reading what a clerk typed and judging it, cell by cell.

``parse/`` reads a cell (``1.2万``, ``80%``, ``3月5日``) and keeps the raw text: one module per kind
of cell (``number``, ``date``, ``text``) over ``parsed`` (the ``Parsed`` value and what the parsers
share). ``row`` is the ``Row`` a rule sees: one indicator's row with last month's, the plan and the
settings, each cell read once. ``rules/`` are the small independent row checks, one module per
concern (``cells``, ``numbers``, ``plan``, ``text``, ``contact``; ``RULES`` in order in its
``__init__``); ``stock_phrases`` declares the 套话 a lagging row may not explain with. ``validate``
runs them over a month of the master or a unit's return into a ``findings.Report``; ``structure``
names a master's missing sheets and headers; ``findings`` is the one ``Finding`` and its ``Report``, rendered from
``codes``, which declares every finding code once with its Chinese message and hint; ``rowcheck`` turns a checked row into the values consolidation merges;
``results`` lays the findings out as the 校验结果 sheet and the cell marks.
"""
