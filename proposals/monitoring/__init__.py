"""Implementation monitoring of approved proposals: contract and start, progress reports, site
inspections, change requests, acceptance (nghiệm thu) and cancellation. Its models belong to the
``proposals`` app (``proposals.models`` imports them); the rest lives here."""
