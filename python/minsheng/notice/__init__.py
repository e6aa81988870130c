"""导入通知: from a county's notice (its 附件 table, as .txt/.docx/.xlsx) to a draft catalogue.

``read`` turns a file into rows of cells, ``table`` finds the header and groups rows into
items, ``rules`` decides which numbers are targets (the judgement rules, once), ``draft``
makes the draft catalogue rows with 原文 and 需核对, ``review`` tells which rows of a
reviewed draft a person still has to clear. A core: imports check/ and model/ only.
"""
