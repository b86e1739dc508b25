//! Command-line flags, each also read from a `BAOLIAN_*` environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The Baolian server.
#[derive(Debug, Parser)]
#[command(name = "baolian", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The server's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the PWA.
    Serve(ServeArgs),
}

/// Flags of `baolian serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "BAOLIAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Folder holding the SQLite database, created if missing.
    #[arg(long, env = "BAOLIAN_DATA", default_value = "./data")]
    pub data: PathBuf,
    /// Load the demo data set (adds what is missing, never overwrites).
    #[arg(long, env = "BAOLIAN_DEMO")]
    pub demo: bool,
    /// Folder of the built PWA.
    #[arg(long, env = "BAOLIAN_ASSETS", default_value = "client/dist")]
    pub assets: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_readme() {
        let cli = Cli::try_parse_from(["baolian", "serve"]).unwrap();
        let Command::Serve(args) = cli.command;
        assert_eq!(args.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(args.data, PathBuf::from("./data"));
        assert_eq!(args.assets, PathBuf::from("client/dist"));
        assert!(!args.demo);
    }

    #[test]
    fn flags_override_defaults() {
        let cli = Cli::try_parse_from([
            "baolian",
            "serve",
            "--addr",
            "0.0.0.0:9000",
            "--data",
            "/tmp/d",
            "--demo",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command;
        assert_eq!(args.addr.port(), 9000);
        assert_eq!(args.data, PathBuf::from("/tmp/d"));
        assert!(args.demo);
    }

    #[test]
    fn a_bad_address_is_refused() {
        assert!(Cli::try_parse_from(["baolian", "serve", "--addr", "nowhere"]).is_err());
    }
}
