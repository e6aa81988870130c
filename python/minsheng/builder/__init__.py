"""The master workbook from text: the catalogue, the VBA sources and the ribbon XML.

``master`` writes every sheet with XlsxWriter (Tables, validation, conditional formats, native
formulas, protection), with ``cells``'s formats and writers, which the units' fill-in workbooks
share, on ``formulasheet``'s worksheet (a month sheet's formula kept once a column, no needless
formula rewriting: the time and memory of a 10,000-indicator build); ``dashboard`` draws the 汇总
sheet's frames and charts over ``minsheng.model.dashboard``'s areas; ``vba`` compiles ``workbook/vba/*.bas`` into ``vbaProject.bin`` and adds the ribbon;
``xlconf`` is the ``xlwings.conf`` sheet's settings.
"""
