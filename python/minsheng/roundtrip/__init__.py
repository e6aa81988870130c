"""下发 and 回收: the fill-in workbooks that go out to the units and come back by e-mail.

``split`` writes one macro-free .xlsx per 责任单位 with its ``seal``; ``returns`` reads a returned
file safely (no XML parser on untrusted parts) once ``returns_container`` has sniffed its container,
both behind the caps of ``returns_caps``; ``returns_validate`` checks one returned file (校验);
``intake`` holds a return against the master (seal, own rows, locked cells); ``arrivals`` keeps
one return per unit, none older than what was merged; ``consolidate`` merges
the accepted rows into cell changes and log rows; ``cached`` gives the formulas of the rows it
writes their new cached results; ``roster`` writes 报送记录; ``contact_updates`` takes a unit's
changes to its own contact row.
"""
