//! The derive input as a model: the struct (or enum) with each field's parsed
//! attributes, keeping a reference to the original syntax for spans.

use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use crate::attr::{self, ColumnAttrs, EnumTypeAttrs, EnumValueAttrs, TableAttrs};
use crate::ctxt::Ctxt;

/// A struct deriving `Table`.
pub struct TableInput<'a> {
    pub original: &'a DeriveInput,
    pub attrs: TableAttrs,
    pub fields: Vec<Field<'a>>,
}

/// One named field of the struct.
pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    /// The type with one `Option<...>` removed.
    pub base_ty: &'a Type,
    pub nullable: bool,
    pub attrs: ColumnAttrs,
}

/// An enum deriving `Enum`.
pub struct EnumInput<'a> {
    pub original: &'a DeriveInput,
    pub attrs: EnumTypeAttrs,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub attrs: EnumValueAttrs,
}

/// `Option<T>` (as `Option`, `std::option::Option`, ...) gives `T`; detection is by
/// the last path segment, as the derive cannot resolve names.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// What kind of item a derive was put on, for error messages.
fn kind_of(data: &Data) -> &'static str {
    match data {
        Data::Struct(s) => match s.fields {
            Fields::Named(_) => "a struct",
            Fields::Unnamed(_) => "a tuple struct",
            Fields::Unit => "a unit struct",
        },
        Data::Enum(_) => "an enum",
        Data::Union(_) => "a union",
    }
}

pub(crate) fn reject_generics(cx: &Ctxt, input: &DeriveInput, derive: &str) {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!("#[derive({derive})] does not support generic parameters: a database object has one fixed definition"),
        );
    }
}

impl<'a> TableInput<'a> {
    /// `None` when the input is not a struct with named fields (the error is recorded).
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let fields = match &input.data {
            Data::Struct(syn::DataStruct {
                fields: Fields::Named(named),
                ..
            }) => &named.named,
            other => {
                let kind = kind_of(other);
                let hint = match other {
                    Data::Enum(_) => "; to declare a PostgreSQL enum type use #[derive(Enum)]",
                    _ => "; give each column a name: `struct Name { id: i64, ... }`",
                };
                cx.error_spanned_by(
                    &input.ident,
                    format!("#[derive(Table)] needs a struct with named fields, and `{}` is {kind}{hint}", input.ident),
                );
                return None;
            }
        };
        reject_generics(cx, input, "Table");
        let attrs = attr::table_attrs(cx, &input.attrs);
        let fields = fields
            .iter()
            .map(|f| {
                let (base_ty, nullable) = match option_inner(&f.ty) {
                    Some(inner) => (inner, true),
                    None => (&f.ty, false),
                };
                Field {
                    original: f,
                    ident: f.ident.as_ref().expect("named field"),
                    base_ty,
                    nullable,
                    attrs: attr::column_attrs(cx, &f.attrs),
                }
            })
            .collect();
        Some(TableInput {
            original: input,
            attrs,
            fields,
        })
    }
}

impl<'a> EnumInput<'a> {
    /// `None` when the input is not an enum of unit variants (errors are recorded).
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let Data::Enum(data) = &input.data else {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "#[derive(Enum)] declares a PostgreSQL enum type from a Rust enum of unit variants, and `{}` is {}; to declare a table use #[derive(Table)]",
                    input.ident,
                    kind_of(&input.data)
                ),
            );
            return None;
        };
        reject_generics(cx, input, "Enum");
        let attrs = attr::enum_type_attrs(cx, &input.attrs);
        let mut variants = Vec::new();
        for v in &data.variants {
            if !matches!(v.fields, Fields::Unit) {
                cx.error_spanned_by(
                    &v.fields,
                    format!(
                        "variant `{}` carries data, but a PostgreSQL enum value is a plain label; remove the fields",
                        v.ident
                    ),
                );
            }
            variants.push(Variant {
                ident: &v.ident,
                attrs: attr::enum_value_attrs(cx, &v.attrs),
            });
        }
        if variants.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "enum `{}` has no variants; a PostgreSQL enum type needs at least one value",
                    input.ident
                ),
            );
        }
        Some(EnumInput {
            original: input,
            attrs,
            variants,
        })
    }
}
