"""The commune ledger: records, rules, storage, import and export. No Qt here."""
