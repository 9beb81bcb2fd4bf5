"""The print screen: choose a document, preview it, print it or save it (PDF or Excel)."""
