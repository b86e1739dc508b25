//! The login screen. A successful login is remembered on the device, so the app keeps
//! working offline afterwards without asking again.

use baolian_shared::api::UnitSummary;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::app::{Action, AppContext, DEVICE_KEY, SESSION_KEY, UNITS_KEY};
use crate::i18n::tr;

/// Asks for user name and password.
#[function_component(LoginPage)]
pub fn login_page() -> Html {
    let context = use_context::<AppContext>().expect("app context");
    let lang = context.state.lang;
    let username = use_node_ref();
    let password = use_node_ref();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (username, password, error, busy) =
            (username.clone(), password.clone(), error.clone(), busy.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(store) = context.state.store.clone() else {
                return;
            };
            let user = username.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let pass = password.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let (error, busy, dispatcher) =
                (error.clone(), busy.clone(), context.state.dispatcher());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                // The id this phone had at an earlier login keeps one entry per phone.
                let previous = store.get_kv::<String>(DEVICE_KEY).await.ok().flatten();
                let result = api::login(user.trim(), &pass, previous, lang).await;
                busy.set(false);
                let session = match result {
                    Ok(session) => session,
                    Err(ApiError::Offline) => {
                        let text = tr(
                            lang,
                            "无法连接服务器，首次登录需要网络",
                            "cannot reach the server: the first login needs a network",
                        );
                        error.set(Some(text.into()));
                        return;
                    }
                    Err(ApiError::Refused { message, .. }) => {
                        error.set(Some(message));
                        return;
                    }
                };
                if let Err(e) = store.put_kv(DEVICE_KEY, &session.device_id).await {
                    gloo::console::warn!("cannot remember the device id:", e.to_string());
                }
                if let Err(e) = store.put_kv(SESSION_KEY, &session).await {
                    error.set(Some(e.to_string()));
                    return;
                }
                request_persistent_storage();
                if let Ok(units) = api::units(&session.token, lang).await {
                    // The unit list is cached for offline use; a failure only costs freshness.
                    let _ = store.put_kv::<Vec<UnitSummary>>(UNITS_KEY, &units).await;
                    dispatcher.dispatch(Action::Units(units));
                }
                dispatcher.dispatch(Action::LoggedIn(session));
            });
        })
    };

    html! {
        <form class="card login" onsubmit={onsubmit}>
            <h1>{ tr(lang, "消防安全重点单位包保联系", "Fire-safety key unit liaison") }</h1>
            <label for="login-username">{ tr(lang, "用户名", "User name") }</label>
            <input id="login-username" ref={username} autocomplete="username" autocapitalize="off" required=true />
            <label for="login-password">{ tr(lang, "密码", "Password") }</label>
            <input id="login-password" ref={password} type="password" autocomplete="current-password" required=true />
            if let Some(message) = &*error {
                <p class="error" id="login-error" role="alert">{ message }</p>
            }
            <button id="login-submit" class="primary" type="submit" disabled={*busy}>
                { if *busy { tr(lang, "正在登录…", "Logging in…") } else { tr(lang, "登录", "Log in") } }
            </button>
        </form>
    }
}

/// Asks the browser not to evict this origin's storage: records may wait days for a
/// signal. The browser may refuse; nothing else depends on the answer.
fn request_persistent_storage() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}
