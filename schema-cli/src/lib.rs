//! The `schema` command line, as a library so a user's own binary can run it over
//! its registered tables.
