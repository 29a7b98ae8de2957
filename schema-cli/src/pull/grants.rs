//! Privileges as Rust: `grant(...)` in an item's attribute and
//! `grant_on_schema!` for a namespace, as few as say the grants.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use schema_core::model::Grant;
use schema_core::Schema;

/// `grant(to = [...], privileges = [...], columns = [...], with_grant_option)`,
/// as few as say the grants: the privileges of a role (or of its columns)
/// together, and roles given the same together.
pub fn grant_attrs(grants: &[Grant], field: &dyn Fn(&str) -> Ident) -> Vec<TokenStream> {
    // (grantable, role, column) -> privileges
    let mut by_role: BTreeMap<(bool, &str, Option<&str>), Vec<String>> = BTreeMap::new();
    for g in grants {
        by_role
            .entry((g.grantable, g.role.as_str(), g.column.as_deref()))
            .or_default()
            .push(g.privilege.to_ascii_lowercase());
    }
    // (grantable, role, privileges) -> columns
    type ByPrivileges<'a> = BTreeMap<(bool, &'a str, Vec<String>), Vec<Option<&'a str>>>;
    let mut by_privileges: ByPrivileges = BTreeMap::new();
    for ((grantable, role, column), mut privileges) in by_role {
        privileges.sort();
        by_privileges
            .entry((grantable, role, privileges))
            .or_default()
            .push(column);
    }
    // (grantable, privileges, columns) -> roles
    type Key = (bool, Vec<String>, Vec<Option<String>>);
    let mut by_columns: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for ((grantable, role, privileges), columns) in by_privileges {
        let columns: Vec<Option<String>> =
            columns.into_iter().map(|c| c.map(String::from)).collect();
        // Table-wide and column privileges are separate grants.
        let (whole, some): (Vec<_>, Vec<_>) = columns.into_iter().partition(Option::is_none);
        for part in [whole, some] {
            if !part.is_empty() {
                by_columns
                    .entry((grantable, privileges.clone(), part))
                    .or_default()
                    .push(role.to_string());
            }
        }
    }
    by_columns
        .into_iter()
        .map(|((grantable, privileges, columns), roles)| {
            let roles = roles
                .iter()
                .map(|r| if r == "PUBLIC" { "public" } else { r.as_str() });
            let columns: Vec<Ident> = columns.iter().flatten().map(|c| field(c)).collect();
            let columns = (!columns.is_empty()).then(|| quote!(, columns = [#(#columns),*]));
            let option = grantable.then(|| quote!(, with_grant_option));
            quote!(grant(to = [#(#roles),*], privileges = [#(#privileges),*] #columns #option))
        })
        .collect()
}

/// `schema_core::grant_on_schema!("ns", to = [...], privileges = [...]);`, a
/// statement per role and grant option.
pub fn namespace_grants(schema: &Schema, namespace: &str) -> Vec<TokenStream> {
    let mut by_role: BTreeMap<(bool, &str), Vec<String>> = BTreeMap::new();
    for g in schema
        .namespace_grants
        .iter()
        .filter(|g| g.namespace == namespace)
    {
        by_role
            .entry((g.grant.grantable, g.grant.role.as_str()))
            .or_default()
            .push(g.grant.privilege.to_ascii_lowercase());
    }
    by_role
        .into_iter()
        .map(|((grantable, role), privileges)| {
            let role = if role == "PUBLIC" { "public" } else { role };
            let option = grantable.then(|| quote!(, with_grant_option));
            quote! {
                schema_core::grant_on_schema!(#namespace, to = [#role], privileges = [#(#privileges),*] #option);
            }
        })
        .collect()
}
