"""The provincial server (FastAPI). It imports desktop.ledger, never desktop.ui."""
