"""What leaders read on paper: the monthly 通报 and the one-page digests per 分管县领导.

``bulletin`` and ``digest`` build documents as plain blocks (``document``: headings, paragraphs,
tables, a chart drawn as shaded cells) from a month's progress, worded by ``wording``;
``adjustments`` lists the plans changed; ``word`` writes them as .docx (python-docx) from the
pieces in ``docx_parts``.
PDFs come from LibreOffice (``minsheng.engines.libreoffice``).
"""
