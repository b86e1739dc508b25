//! The screens of the app, one component per file.

pub mod console;
pub mod home;
pub mod inspection;
pub mod login;
