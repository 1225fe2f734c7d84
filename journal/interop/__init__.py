"""Your data in and out: the journal's own JSON and CSV formats (`schema`, `export`), reading an
upload (`reader`), checking it and planning the import (`importer`), and FHIR R4 (`fhir`).

Everything is built from `journal.logs.LOGS` and each log's model fields, so a log added later is
exported and imported with no change here.
"""
