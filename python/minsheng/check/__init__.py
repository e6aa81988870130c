"""校验: reading what a clerk typed and judging it, cell by cell.

``parse`` reads a cell (``1.2万``, ``80%``, ``3月5日``) and keeps the raw text; ``rules`` are the
small independent row checks (``stock_phrases`` declares the 套话 a lagging row may not explain with); ``validate`` runs them over a month of the master or a unit's
return into a ``findings.Report``; ``findings`` declares every finding code once with its Chinese
message and hint; ``rowcheck`` turns a checked row into the values consolidation merges;
``results`` lays the findings out as the 校验结果 sheet and the cell marks.
"""
