"""Sync between commune laptops and the provincial server (protocol, client, server)."""
