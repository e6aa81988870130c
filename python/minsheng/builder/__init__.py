"""The master workbook from text: the catalogue, the VBA sources and the ribbon XML.

``master`` writes the workbook with XlsxWriter (Tables, validation, conditional formats, native
formulas, protection) and its README and 项目表 sheets; ``months`` the 计划 and month sheets;
``records`` 单位通讯录, 校验结果, 日志, 报送记录, 配置 and xlwings.conf. All use ``cells``'s formats,
writers and Table, which the units' fill-in workbooks share, on ``fastsheet``'s worksheet (on
``formulasheet``'s: a month sheet's formula kept once a column, no needless formula rewriting; a
table row stored at once, a table's range kept whole, sheet data written a row at a time; the
same bytes as XlsxWriter's own worksheet, in a third of the time of a 10,000-indicator build); ``dashboard`` draws the 汇总 sheet's frames and charts over
``minsheng.model.dashboard``'s areas; ``vba`` compiles ``workbook/vba/*.bas`` into
``vbaProject.bin`` and adds the ribbon; ``xlconf`` is the ``xlwings.conf`` sheet's settings.
"""
