"""A yearly holiday CSV for tests. 2031 on purpose: chinese-calendar has no data for it, and these
are test inputs, not a year's real arrangement."""

CSV_2031 = "date,kind,name\n2031-01-22,holiday,测试节\n2031-01-23,休,测试节\n2031-01-25,班,测试节\n"
