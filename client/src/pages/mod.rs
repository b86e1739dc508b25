//! The screens of the app, one component per file.

pub mod console;
pub mod duties;
pub mod home;
pub mod inspection;
pub mod login;
pub mod signature_pad;
