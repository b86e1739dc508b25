//! The domain model of Baolian, compiled by both the server and the PWA.
//!
//! This crate owns everything the phone and the server must agree on: the checklist of
//! the monthly self-inspection, the schema of an inspection record as an automerge
//! document, the rules a record must satisfy, the wire types of the HTTP API and of the
//! sync protocol, and the catalogue of error codes with their Chinese and English texts.
//!
//! **Invariant:** no IO. Nothing here touches a file, a socket, a database, a clock or a
//! browser API, so every rule runs unchanged on the server and in WebAssembly.

pub mod api;
pub mod catalogue;
pub mod checklist;
pub mod conflict;
pub mod console;
pub mod duty;
pub mod error;
pub mod inspection;
pub mod period;
pub mod registry;
pub mod review;
pub mod schedule;
pub mod signature;
pub mod sync;

pub use checklist::{ChecklistItem, MONTHLY_ITEMS};
pub use error::ErrorCode;
pub use inspection::{Inspection, InspectionDoc, ItemEntry, ItemResult, RecordStatus};
