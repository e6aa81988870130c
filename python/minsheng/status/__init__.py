"""滞后预警: where each indicator, unit, leader and category stands against its plan.

``progress`` computes completion, 时序进度 and the lights (with escalation) for a month, from the
cells ``reader`` reads (each unreadable one a finding), one ``indicator.IndicatorProgress`` a row; ``tallies`` rolls a group of them up
(lights, means, the units' ranking) and writes a figure as people read it; ``dashboard``
writes them into the 汇总 sheet's areas; ``counting`` is how every total counts an indicator split
into sub-targets (once); ``long_table`` is the one-row-per-indicator-per-month table
behind the CSV/Parquet export.
"""
