"""The .xlsx file format, beneath the jobs: zip parts, scanning, fast patching, error cells.

``zipparts`` reads a zip's central directory with caps; ``scan`` finds what we need in XML parts
with regular expressions (no parser, no entities) for untrusted files; ``patch`` writes cell
changes into the changed sheets' XML of a master without re-saving the whole workbook (the
package and its parts; ``sheetxml`` rewrites a sheet's rows);
``errors`` reads Excel error values (#REF!, #DIV/0!) that calamine reads as empty; ``ods`` and
``biff`` find the same in an .ods's content.xml (with its merged cells and far content) and an .xls's records; ``charts``
refills a chart part's caches from the cells it names.
"""
