//! Sheets as plain rows of text: reading an uploaded CSV (UTF-8, with or without BOM)
//! or XLSX file, and writing one for export.

use std::io::Cursor;

use baolian_shared::api::ImportIssue;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

/// The most data rows one file may hold. A county registers hundreds to a few thousand
/// units; the bound keeps a pathological file from holding the database lock for long.
pub const MAX_ROWS: usize = 20_000;

/// The file formats of import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, UTF-8.
    Csv,
    /// Office Open XML workbook; the first sheet is read.
    Xlsx,
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl Format {
    /// Parses `csv` or `xlsx`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format of an upload: as asked for, else by its content (an XLSX file is a
    /// zip archive), else by its content type. `None` for anything else, such as an old
    /// binary `.xls` workbook.
    pub fn of_upload(
        asked: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Option<Format> {
        if let Some(asked) = asked {
            return Format::parse(asked);
        }
        if body.starts_with(b"PK\x03\x04") {
            return Some(Format::Xlsx);
        }
        // The signature of an OLE compound file: a binary .xls workbook.
        if body.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return None;
        }
        let content_type = content_type.unwrap_or("").split(';').next().unwrap_or("").trim();
        match content_type {
            XLSX_TYPE => Some(Format::Xlsx),
            "" | "text/csv" | "text/plain" | "application/csv" | "application/octet-stream" => {
                Some(Format::Csv)
            }
            _ => None,
        }
    }

    /// The content type of an exported file.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => XLSX_TYPE,
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// One data row: its number in the sheet (the header row is 1) and its cells, trimmed.
#[derive(Debug, Clone)]
pub struct Line {
    /// Row number as a spreadsheet shows it.
    pub number: usize,
    /// Cell texts.
    pub cells: Vec<String>,
}

/// A sheet read from a file: the header row and the non-empty rows after it.
#[derive(Debug, Clone)]
pub struct Table {
    /// Number of the header row.
    pub header_row: usize,
    /// Header texts.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Line>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone)]
pub enum ReadError {
    /// Not a file of the format it claims.
    Unsupported,
    /// Readable as the format, but broken; the issue says where.
    Invalid(ImportIssue),
}

/// An issue about the whole file or one row, in both languages.
pub fn issue(row: usize, column: Option<&str>, zh: String, en: String) -> ImportIssue {
    ImportIssue { row, column: column.map(str::to_owned), zh, en }
}

/// Reads the file into rows of text.
pub fn read(format: Format, body: &[u8]) -> Result<Table, ReadError> {
    let lines = match format {
        Format::Csv => read_csv(body)?,
        Format::Xlsx => read_xlsx(body)?,
    };
    let mut lines = lines.into_iter().filter(|l| l.cells.iter().any(|c| !c.is_empty()));
    let Some(header) = lines.next() else {
        let empty =
            issue(0, None, "文件中没有表头和数据".into(), "the file has no header row".into());
        return Err(ReadError::Invalid(empty));
    };
    let rows: Vec<Line> = lines.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        let too_many = issue(
            0,
            None,
            format!("数据超过 {MAX_ROWS} 行，请分批导入"),
            format!("more than {MAX_ROWS} data rows; import in parts"),
        );
        return Err(ReadError::Invalid(too_many));
    }
    Ok(Table { header_row: header.number, headers: header.cells, rows })
}

fn read_csv(body: &[u8]) -> Result<Vec<Line>, ReadError> {
    if body.starts_with(b"PK\x03\x04") || body.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::Unsupported);
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);

    let mut lines = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|error| {
            let row = error.position().map_or(0, |p| p.line() as usize);
            tracing::debug!(%error, "unreadable csv");
            ReadError::Invalid(issue(row, None, "CSV 格式错误".into(), "malformed CSV".into()))
        })?;
        let number = record.position().map_or(lines.len() + 1, |p| p.line() as usize);
        let mut cells = Vec::with_capacity(record.len());
        for field in &record {
            let Ok(text) = std::str::from_utf8(field) else {
                return Err(ReadError::Invalid(not_utf8(number)));
            };
            cells.push(text.trim().to_owned());
        }
        lines.push(Line { number, cells });
    }
    Ok(lines)
}

fn not_utf8(row: usize) -> ImportIssue {
    issue(
        row,
        None,
        "文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或上传 XLSX 文件".into(),
        "the file is not UTF-8: save it from Excel as \"CSV UTF-8\", or upload the XLSX file"
            .into(),
    )
}

fn read_xlsx(body: &[u8]) -> Result<Vec<Line>, ReadError> {
    // FIXME: calamine inflates the whole first sheet in memory, so a small but highly
    // compressed sheet can take much more memory than its upload size; the row bound
    // applies only after it is read. Reading rows as a stream would bound it.
    let mut book = Xlsx::new(Cursor::new(body)).map_err(|error| {
        tracing::debug!(%error, "unreadable xlsx");
        ReadError::Unsupported
    })?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(error)) => {
            tracing::debug!(%error, "unreadable first sheet");
            let broken =
                issue(0, None, "XLSX 文件已损坏".into(), "the XLSX file is corrupt".into());
            return Err(ReadError::Invalid(broken));
        }
        None => return Ok(Vec::new()),
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let lines = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Line {
            number: first_row + i + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect();
    Ok(lines)
}

/// A cell as the text a person typed: whole numbers without a decimal point (ids and
/// phone numbers are often stored as numbers), dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(when) => {
            let (year, month, day, ..) = when.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTimeIso(text) => text.get(..10).unwrap_or(text).to_owned(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => format!("#{error}"),
    }
}

/// Writes a sheet: the header row, then the rows.
pub fn write(format: Format, sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    match format {
        Format::Csv => write_csv(headers, rows),
        Format::Xlsx => write_xlsx(sheet, headers, rows).unwrap_or_else(|error| {
            // Only out-of-range cells or an invalid sheet name fail, which the fixed
            // layouts and the row bound rule out; an empty workbook says so plainly.
            tracing::error!(%error, "writing an xlsx export failed");
            Vec::new()
        }),
    }
}

fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    // The BOM lets Excel open the file as UTF-8, so Chinese text is not garbled.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    let written = writer
        .write_record(headers)
        .and_then(|()| rows.iter().try_for_each(|row| writer.write_record(row)))
        .and_then(|()| writer.flush().map_err(csv::Error::from));
    if let Err(error) = written {
        tracing::error!(%error, "writing a csv export failed");
    }
    drop(writer);
    out
}

fn write_xlsx(
    sheet: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let worksheet = book.add_worksheet();
    worksheet.set_name(sheet)?;
    let bold = CellFormat::new().set_bold();
    for (col, header) in (0u16..).zip(headers) {
        worksheet.write_string_with_format(0, col, *header, &bold)?;
        worksheet.set_column_width(col, 16)?;
    }
    for (row, cells) in (1u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(cells) {
            if !cell.is_empty() {
                worksheet.write_string(row, col, cell)?;
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_with_and_without_bom_and_skips_empty_rows() {
        for body in [
            "单位编号,单位名称\nU1,商场\n,\n\nU2, 医院 \n",
            "\u{feff}单位编号,单位名称\nU1,商场\n,\nU2,医院",
        ] {
            let table = read(Format::Csv, body.as_bytes()).unwrap();
            assert_eq!(table.headers, ["单位编号", "单位名称"]);
            let rows: Vec<(usize, &str)> =
                table.rows.iter().map(|l| (l.number, l.cells[1].as_str())).collect();
            assert_eq!(rows.len(), 2);
            assert_eq!(rows[0], (2, "商场"));
            assert_eq!(rows[1].1, "医院");
        }
    }

    #[test]
    fn gbk_csv_is_refused_with_advice() {
        // "单位" in GBK.
        let body = b"id,name\nU1,\xB5\xA5\xCE\xBB\n";
        let Err(ReadError::Invalid(issue)) = read(Format::Csv, body) else {
            panic!("gbk must be refused");
        };
        assert_eq!(issue.row, 2);
        assert!(issue.zh.contains("UTF-8"));
    }

    #[test]
    fn xlsx_written_reads_back_the_same() {
        let rows = vec![vec!["U1".to_owned(), "商场".to_owned()], vec!["U2".into(), String::new()]];
        let bytes = write(Format::Xlsx, "单位", &["单位编号", "单位名称"], &rows);
        assert_eq!(Format::of_upload(None, None, &bytes), Some(Format::Xlsx));
        let table = read(Format::Xlsx, &bytes).unwrap();
        assert_eq!(table.headers, ["单位编号", "单位名称"]);
        assert_eq!(table.rows[0].cells, ["U1", "商场"]);
        assert_eq!(table.rows[1].number, 3);
    }

    #[test]
    fn formats_are_chosen_by_request_content_and_type() {
        assert_eq!(Format::of_upload(Some("xlsx"), None, b"a,b"), Some(Format::Xlsx));
        assert_eq!(Format::of_upload(Some("xls"), None, b"a,b"), None);
        assert_eq!(Format::of_upload(None, Some("text/csv"), b"a,b"), Some(Format::Csv));
        assert_eq!(Format::of_upload(None, None, &[0xD0, 0xCF, 0x11, 0xE0, 0]), None);
        assert_eq!(Format::of_upload(None, Some("image/png"), b"\x89PNG"), None);
        assert!(matches!(read(Format::Xlsx, b"PK\x03\x04broken"), Err(ReadError::Unsupported)));
    }
}
