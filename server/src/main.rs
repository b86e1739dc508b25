//! `baolian`: parses flags, opens the store, loads demo data if asked, and serves.

use anyhow::Context;
use baolian_server::config::{Cli, Command, ServeArgs};
use baolian_server::store::Store;
use baolian_server::{AppState, app, demo};
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::env::var_os("NO_COLOR").is_none())
        .init();

    match Cli::parse().command {
        Command::Serve(args) => serve(args).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.data)
        .with_context(|| format!("opening the database in {}", args.data.display()))?;
    tracing::info!(data = %args.data.display(), "database open");
    if args.demo {
        store.call(demo::load).await.context("loading the demo data")?;
        print_demo_accounts();
    }
    if !args.assets.join("index.html").is_file() {
        tracing::warn!(assets = %args.assets.display(), "no built PWA: run scripts/build-pwa.sh");
    }

    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!("baolian listening on http://{addr}");

    let state = AppState { store, assets: args.assets };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

/// The demo accounts are this command's own output, so they go to standard output.
#[allow(clippy::print_stdout)]
fn print_demo_accounts() {
    println!("demo accounts (password {}):", demo::DEMO_PASSWORD);
    for account in demo::DEMO_ACCOUNTS {
        let (username, name, body) = (account.username, account.name, account.body);
        println!("  {username:<10} {name}  {}，{body}", account.role.label_zh());
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
