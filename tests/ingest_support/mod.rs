//! Helpers for the ingest tests.
