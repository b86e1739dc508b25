//! The root component: app state, start-up, connectivity and sync triggers.
//!
//! Start-up reads everything from the device (session, cached units, records) before
//! touching the network, so the app opens the same way with or without a signal.
//! Sync runs when the browser comes online, when the user asks, after a record is
//! submitted, and every half minute while something is waiting.

use std::cell::Cell;
use std::rc::Rc;

use baolian_shared::api::{LoginResponse, UnitSummary};
use baolian_shared::error::Lang;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::api;
use crate::i18n::{save_lang, saved_lang, tr};
use crate::pages::console::ConsolePage;
use crate::pages::home::HomePage;
use crate::pages::inspection::InspectionPage;
use crate::pages::login::LoginPage;
use crate::store::{RecordSummary, Store};
use crate::sync::{SyncError, sync_all};

/// Key of the login session in the device's key-value store.
pub const SESSION_KEY: &str = "session";
/// Key of the cached unit list.
pub const UNITS_KEY: &str = "units";
/// Key of the cached schedule context, from which the phone computes duties offline.
pub const SCHEDULE_KEY: &str = "schedule_context";
/// Key in the `kv` store of the id the server gave this device, kept across logins.
pub const DEVICE_KEY: &str = "device_id";

const AUTO_SYNC_MS: u32 = 30_000;

/// Which screen is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// Units and records.
    Home,
    /// One record's form.
    Inspection(String),
    /// The township centre's reconciliation console.
    Console,
}

/// A record in the device's list.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    /// What the list shows.
    pub summary: RecordSummary,
    /// Whether the server has not acknowledged all its changes.
    pub pending: bool,
}

/// Everything the screens render from.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub store: Option<Store>,
    pub started: bool,
    pub fatal: Option<String>,
    pub session: Option<LoginResponse>,
    pub units: Vec<UnitSummary>,
    pub records: Vec<RecordRow>,
    pub online: bool,
    pub syncing: bool,
    pub sync_note: Option<String>,
    pub page: Page,
}

/// State changes.
pub enum Action {
    Started { store: Store, session: Option<LoginResponse>, units: Vec<UnitSummary> },
    Fatal(String),
    LoggedIn(LoginResponse),
    LoggedOut,
    Units(Vec<UnitSummary>),
    Records(Vec<RecordRow>),
    Online(bool),
    SyncStarted,
    SyncFinished(Option<String>),
    SetLang(Lang),
    Open(Page),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Started { store, session, units } => {
                next.store = Some(store);
                next.session = session;
                next.units = units;
                next.started = true;
            }
            Action::Fatal(message) => next.fatal = Some(message),
            Action::LoggedIn(session) => {
                next.session = Some(session);
                next.page = Page::Home;
            }
            Action::LoggedOut => {
                next.session = None;
                next.page = Page::Home;
            }
            Action::Units(units) => next.units = units,
            Action::Records(records) => next.records = records,
            Action::Online(online) => next.online = online,
            Action::SyncStarted => next.syncing = true,
            Action::SyncFinished(note) => {
                next.syncing = false;
                next.sync_note = note;
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::Open(page) => next.page = page,
        }
        Rc::new(next)
    }
}

/// Shared handles the screens use to act.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    pub sync_running: Rc<Cell<bool>>,
}

impl AppContext {
    /// Re-reads the device's records into the list.
    pub fn refresh_records(&self) {
        let Some(store) = self.state.store.clone() else {
            return;
        };
        let dispatcher = self.state.dispatcher();
        wasm_bindgen_futures::spawn_local(async move {
            match store.all_records().await {
                Ok(stored) => {
                    let mut rows: Vec<RecordRow> = stored
                        .iter()
                        .map(|r| RecordRow { summary: r.summary.clone(), pending: r.is_pending() })
                        .collect();
                    rows.sort_by_key(|row| std::cmp::Reverse(row.summary.created_at_ms));
                    dispatcher.dispatch(Action::Records(rows));
                }
                Err(error) => gloo::console::error!("cannot list records:", error.to_string()),
            }
        });
    }

    /// Starts a sync session unless one is running or there is no session.
    pub fn sync_now(&self) {
        let (Some(store), Some(session)) = (self.state.store.clone(), self.state.session.clone())
        else {
            return;
        };
        if self.sync_running.replace(true) {
            return;
        }
        let lang = self.state.lang;
        let context = self.clone();
        let dispatcher = self.state.dispatcher();
        dispatcher.dispatch(Action::SyncStarted);
        wasm_bindgen_futures::spawn_local(async move {
            let result = sync_all(&store, &session.token, lang).await;
            let note = sync_note(lang, &result);
            let reached = !matches!(result, Err(SyncError::Api(api::ApiError::Offline)));
            dispatcher.dispatch(Action::Online(reached && browser_online()));
            context.sync_running.set(false);
            context.refresh_records();
            refresh_units(&store, &session.token, lang, &dispatcher).await;
            refresh_schedule(&store, &session.token, lang).await;
            dispatcher.dispatch(Action::SyncFinished(note));
        });
    }

    /// Whether any record waits for the server.
    pub fn pending(&self) -> usize {
        self.state.records.iter().filter(|r| r.pending).count()
    }
}

fn sync_note(lang: Lang, result: &Result<crate::sync::SyncReport, SyncError>) -> Option<String> {
    match result {
        Ok(report) if report.refused.is_empty() => None,
        Ok(report) => Some(
            report
                .refused
                .iter()
                .map(|(_, message)| message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        ),
        Err(SyncError::Api(api::ApiError::Offline)) => {
            Some(tr(lang, "无法连接服务器，稍后自动重试", "server unreachable, will retry").into())
        }
        Err(SyncError::Api(error)) if error.needs_login() => Some(
            tr(
                lang,
                "登录已失效：请退出后重新登录，本机记录不会丢失",
                "session expired: log out and in again; records on this device are kept",
            )
            .into(),
        ),
        Err(SyncError::Api(api::ApiError::Refused { message, .. })) => Some(message.clone()),
        Err(SyncError::Store(message)) => Some(message.clone()),
    }
}

async fn refresh_units(
    store: &Store,
    token: &str,
    lang: Lang,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    if let Ok(units) = api::units(token, lang).await {
        if let Err(error) = store.put_kv(UNITS_KEY, &units).await {
            gloo::console::error!("cannot cache units:", error.to_string());
        }
        dispatcher.dispatch(Action::Units(units));
    }
}

/// Fetches the schedule context for offline use; a failure only costs freshness.
async fn refresh_schedule(store: &Store, token: &str, lang: Lang) {
    if let Ok(context) = api::schedule_context(token, lang).await
        && let Err(error) = store.put_kv(SCHEDULE_KEY, &context).await
    {
        gloo::console::error!("cannot cache the schedule:", error.to_string());
    }
}

/// Today in China Standard Time, the calendar every record and duty counts in.
pub fn china_today() -> chrono::NaiveDate {
    let now = js_sys::Date::now() as i64;
    baolian_shared::period::local_date(now).unwrap_or_default()
}

fn browser_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false)
}

/// The application.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState {
        lang: saved_lang(),
        store: None,
        started: false,
        fatal: None,
        session: None,
        units: Vec::new(),
        records: Vec::new(),
        online: browser_online(),
        syncing: false,
        sync_note: None,
        page: Page::Home,
    });
    let running = use_memo((), |_| Rc::new(Cell::new(false)));
    let context = AppContext { state: state.clone(), sync_running: (*running).clone() };

    use_start_up(&context);
    use_connectivity(&context);

    html! {
        <ContextProvider<AppContext> context={context.clone()}>
            <div class="app" lang={if state.lang == Lang::Zh { "zh-CN" } else { "en" }}>
                { header(&context) }
                <main>{ body(&state) }</main>
            </div>
        </ContextProvider<AppContext>>
    }
}

fn header(context: &AppContext) -> Html {
    let state = &context.state;
    let lang = state.lang;
    let toggle = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| {
            let next = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
            save_lang(next);
            dispatcher.dispatch(Action::SetLang(next));
        })
    };
    let logout = {
        let context = context.clone();
        Callback::from(move |_| {
            let Some(store) = context.state.store.clone() else {
                return;
            };
            let dispatcher = context.state.dispatcher();
            wasm_bindgen_futures::spawn_local(async move {
                // Records stay on the device; only the session is forgotten.
                if let Err(error) = store.delete_kv(SESSION_KEY).await {
                    gloo::console::error!("cannot forget session:", error.to_string());
                }
                dispatcher.dispatch(Action::LoggedOut);
            });
        })
    };
    html! {
        <header class="topbar">
            <span class="brand">{ tr(lang, "包联", "Baolian") }</span>
            if let Some(session) = &state.session {
                <span class="who">{ &session.user.display_name }</span>
                <button class="link" id="logout" onclick={logout}>{ tr(lang, "退出", "Log out") }</button>
            }
            <button class="link" id="lang-toggle" onclick={toggle}>{ tr(lang, "EN", "中文") }</button>
        </header>
    }
}

fn body(state: &AppState) -> Html {
    if let Some(message) = &state.fatal {
        return html! { <p class="error" id="fatal">{ message }</p> };
    }
    if !state.started {
        return html! { <p class="muted">{ tr(state.lang, "正在加载…", "Loading…") }</p> };
    }
    if state.session.is_none() {
        return html! { <LoginPage /> };
    }
    match &state.page {
        Page::Home => html! { <HomePage /> },
        Page::Inspection(id) => html! { <InspectionPage id={id.clone()} /> },
        Page::Console => html! { <ConsolePage /> },
    }
}

/// Opens the device store and restores the session, units and records.
#[hook]
fn use_start_up(context: &AppContext) {
    let dispatcher = context.state.dispatcher();
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let store = match Store::open().await {
                Ok(store) => store,
                Err(error) => {
                    dispatcher.dispatch(Action::Fatal(format!(
                        "无法打开本机存储 / cannot open device storage: {error}"
                    )));
                    return;
                }
            };
            let session = store.get_kv::<LoginResponse>(SESSION_KEY).await.ok().flatten();
            let units = store.get_kv::<Vec<UnitSummary>>(UNITS_KEY).await.ok().flatten();
            dispatcher.dispatch(Action::Started {
                store,
                session,
                units: units.unwrap_or_default(),
            });
        });
        || ()
    });

    // Once started (or after a login), list the records and try a first sync.
    let started = context.state.started;
    let logged_in = context.state.session.is_some();
    let after = context.clone();
    use_effect_with((started, logged_in), move |&(started, logged_in)| {
        if started && logged_in {
            after.refresh_records();
            if browser_online() {
                after.sync_now();
            }
        }
        || ()
    });
}

/// Follows the browser's online state and syncs when it comes back and periodically.
#[hook]
fn use_connectivity(context: &AppContext) {
    let latest = use_mut_ref(|| context.clone());
    *latest.borrow_mut() = context.clone();

    use_effect_with((), move |_| {
        let window = gloo::utils::window();
        let on_online = {
            let latest = latest.clone();
            EventListener::new(&window, "online", move |_| {
                let context = latest.borrow().clone();
                context.state.dispatch(Action::Online(true));
                context.sync_now();
            })
        };
        let on_offline = {
            let latest = latest.clone();
            EventListener::new(&window, "offline", move |_| {
                latest.borrow().state.dispatch(Action::Online(false));
            })
        };
        let ticker = Interval::new(AUTO_SYNC_MS, move || {
            let context = latest.borrow().clone();
            // Also with nothing pending: a digest round is cheap and brings the centre's
            // reviews and other officials' records.
            if browser_online() {
                context.sync_now();
            }
        });
        move || drop((on_online, on_offline, ticker))
    });
}
