"""The two ways a job touches a workbook, and the disk beneath them.

``base`` is the interface a job uses (``Engine``: read sheets, apply cell changes, fit a table,
fill cells, say what it is doing). ``file`` is the workbook on disk (read with python-calamine,
changes applied with the fast patch or openpyxl; ``FileEngine``); ``excel`` is the workbook open in
Excel through xlwings (``Excel``), helped by ``excel_blocks`` and ``excel_fills``; ``disk`` is
atomic writes with a backup and the open-in-Excel check; ``libreoffice`` converts documents
headless (PDF, recalculation).
"""
