//! The auth service's schema, split like the service: an [`auth`] module (users,
//! sessions, OAuth accounts, passwords, verification tokens) and a [`credits`]
//! module (packages, balances, transactions).
//!
//! Every table here registers itself; `schema_core::Schema::registered()` collects
//! them all.

pub mod auth;
pub mod credits;
pub mod service;
