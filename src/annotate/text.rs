//! Shared text helpers for the annotators: sentence boundaries and word scanning over a body,
//! all in byte offsets.
