"""Budget pages, one module per area (appropriations, allocations, disbursements, ...)."""
