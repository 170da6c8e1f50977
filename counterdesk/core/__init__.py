"""Pure domain of counterdesk: tickets, calling policy, procedures, ratings (no Qt, no database)."""
