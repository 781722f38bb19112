"""The office's own report, drafted from the schools' reports: totals with their sources, doubts, remarks.

build.consolidate (pure) makes the data; load.draft reads it from the store; render_docx, render_xlsx
and render_json turn it into the draft the office edits, the table and the traceable JSON.
"""
