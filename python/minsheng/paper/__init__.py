"""What leaders read on paper: the monthly 通报 and the one-page digests per 分管县领导.

``bulletin`` and ``digest`` build documents as plain blocks (headings, paragraphs, tables, a chart
drawn as shaded cells) from a month's progress; ``word`` writes them as .docx (python-docx).
PDFs come from LibreOffice (``minsheng.engines.libreoffice``).
"""
