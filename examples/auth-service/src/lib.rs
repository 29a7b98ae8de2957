//! The auth service's schema: an `auth` module and a `credits` module.
