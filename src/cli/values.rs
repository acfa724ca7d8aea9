//! The values of the command line's enum options. The library's enums (`table::Format`,
//! `render::Format`, `xlsx::DateStyle`, `store::Encoding`) know nothing of clap: each has a mirror
//! here that derives `clap::ValueEnum` (its names and help are what `--help` lists), and a parser
//! that maps the mirror to the library's enum.

use clap::builder::{EnumValueParser, TypedValueParser};
use clap::ValueEnum;

/// clap's parser for a library enum: the mirror `M` parsed, then mapped to `T`.
fn mapped<M, T>() -> impl TypedValueParser<Value = T>
where
    M: ValueEnum + Into<T> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    EnumValueParser::<M>::new().map(Into::into)
}

/// Maps each variant of a mirror to the library variant of the same name.
macro_rules! mirror {
    ($mirror:ident => $lib:path { $($variant:ident),* $(,)? }) => {
        impl From<$mirror> for $lib {
            fn from(m: $mirror) -> Self {
                match m {
                    $($mirror::$variant => <$lib>::$variant,)*
                }
            }
        }
    };
}

/// An output format of rows (`tenkai::table::Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    /// An Excel workbook: typed cells, real dates (redirect it to a file: `> rows.xlsx`).
    Xlsx,
}
mirror!(TableFormat => tenkai::table::Format { Table, Csv, Tsv, Json, Jsonl, Markdown, Xlsx });

/// The parser of a `--format` of rows.
pub fn table_format() -> impl TypedValueParser<Value = tenkai::table::Format> {
    mapped::<TableFormat, _>()
}

/// An output format of a report (`tenkai::render::Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Html,
    /// The report's data as an Excel workbook (its tables, typed, and the sources and methods).
    Xlsx,
    Pdf,
}
mirror!(RenderFormat => tenkai::render::Format { Html, Xlsx, Pdf });

/// The parser of a report's `--format`.
pub fn render_format() -> impl TypedValueParser<Value = tenkai::render::Format> {
    mapped::<RenderFormat, _>()
}

/// How a workbook shows dates (`tenkai::xlsx::DateStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateStyle {
    Iso,
    Wareki,
}
mirror!(DateStyle => tenkai::xlsx::DateStyle { Iso, Wareki });

/// The parser of `--date-style`.
pub fn date_style() -> impl TypedValueParser<Value = tenkai::xlsx::DateStyle> {
    mapped::<DateStyle, _>()
}

/// The character encoding of a file to import (`tenkai::import::Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8, or CP932 (Shift_JIS, as Excel in Japan saves CSV) when the file is not UTF-8 but
    /// reads as CP932
    Auto,
    #[value(name = "utf-8")]
    Utf8,
    Cp932,
}
mirror!(Encoding => tenkai::import::Encoding { Auto, Utf8, Cp932 });

/// The parser of an import's `--encoding`.
pub fn encoding() -> impl TypedValueParser<Value = tenkai::import::Encoding> {
    mapped::<Encoding, _>()
}

/// A `--source` value: the reference a row stands on, so never empty or only spaces.
pub fn source(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(
            "a source cannot be blank: every fact added carries where it is stated; name it (a document and its page, a press release and its date, a URL)"
                .into(),
        );
    }
    Ok(s.to_string())
}
