//! serve (in progress).
