"""The two ways a job touches a workbook, and the disk beneath them.

``file`` reads a workbook on disk (python-calamine, openpyxl) and applies cell changes to it
(the fast patch, openpyxl as fallback); ``disk`` is atomic writes with a backup and the open-in-
Excel check; ``excel_blocks`` and ``excel_fills`` serve the live workbook open in Excel
(``minsheng.xl``); ``libreoffice`` converts documents headless (PDF, recalculation).
"""
