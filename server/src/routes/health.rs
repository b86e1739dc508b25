//! `GET /healthz`: 200 once the database answers.

use axum::extract::State;

use crate::AppState;
use crate::error::ApiError;

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state
        .store
        .call(|conn| Ok(conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?))
        .await?;
    Ok("ok")
}
