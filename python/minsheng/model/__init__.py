"""The master's vocabulary, below every job: what a 民生实事 list and its workbook are made of.

``layout`` declares the workbook once (sheets, headers, tables, defined names, input columns,
fills), ``dashboard`` the 汇总 sheet's table areas; ``catalogue`` reads the year's list (categories,
items, indicators, targets), whose values are ``items``; ``units`` the 责任单位 names and how they are matched; ``settings`` the 配置
sheet; ``formulas`` the native formulas and their Python twins; ``plan`` the 计划 sheet, read once;
``contacts`` the 单位通讯录; ``book`` the in-memory sheets and cell changes every engine reads and
writes. Nothing here reads or writes a file or imports a job.
"""
