//! The inspection form: the checklist items the record holds, in its template's order
//! under their category headings, each pass / fail / not applicable with a note, and the
//! work suggestions.
//!
//! Every change is written into the record's automerge document as the single field
//! that changed, then the document is merged into IndexedDB; the form shows "saved"
//! only after that transaction completed. A submitted record is read-only; the unit
//! then signs it (see `signature_pad`), and the signature is saved and synced the same
//! way, as the five signature keys written in one change.

use std::cell::RefCell;
use std::rc::Rc;

use baolian_shared::catalogue::{self, CheckItem};
use baolian_shared::checklist::TWN_SELF;
use baolian_shared::duty::DutyTable;
use baolian_shared::error::Lang;
use baolian_shared::inspection::{Inspection, InspectionDoc, ItemResult, RecordStatus};
use baolian_shared::signature::{UnitSignature, content_hash};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::app::{Action, AppContext, Page};
use crate::i18n::tr;
use crate::pages::signature_pad::{SignatureInput, SignaturePad};

/// One edit of the form.
#[derive(Debug, Clone)]
enum Edit {
    Result(String, ItemResult),
    Note(String, String),
    Suggestions(String),
    Submit,
    Sign(SignatureInput),
}

/// Which record the form shows.
#[derive(Debug, Properties, PartialEq)]
pub struct InspectionProps {
    /// Record id.
    pub id: String,
}

/// Writes of the form to the device, counted so "saved" shows only when the latest
/// write has completed.
#[derive(Default)]
struct SaveCounter {
    requested: u64,
    completed: u64,
}

/// The form of one inspection record.
#[function_component(InspectionPage)]
pub fn inspection_page(props: &InspectionProps) -> Html {
    let context = use_context::<AppContext>().expect("app context");
    let lang = context.state.lang;
    let doc: Rc<RefCell<Option<InspectionDoc>>> = use_mut_ref(|| None);
    let record = use_state(|| None::<Inspection>);
    let counter = use_mut_ref(SaveCounter::default);
    let saving = use_state(|| false);
    let problems = use_state(Vec::<String>::new);

    use_load(&context, &props.id, &doc, &record);

    let edit = {
        let (context, doc, record, counter, saving, problems) = (
            context.clone(),
            doc.clone(),
            record.clone(),
            counter.clone(),
            saving.clone(),
            problems.clone(),
        );
        Callback::from(move |edit: Edit| {
            let mut guard = doc.borrow_mut();
            let Some(current) = guard.as_mut() else {
                return;
            };
            let submitting = matches!(edit, Edit::Submit);
            if submitting {
                let found = current.read().map(|r| r.completeness_violations()).unwrap_or_default();
                if !found.is_empty() {
                    problems.set(found.iter().map(|v| v.message(lang)).collect());
                    return;
                }
            }
            let signing = matches!(edit, Edit::Sign(_));
            if let Err(problem) = apply(current, edit) {
                problems.set(vec![problem.message(lang)]);
                return;
            }
            let Ok(content) = current.read() else { return };
            let mut snapshot = current.snapshot();
            drop(guard);
            record.set(Some(content.clone()));
            problems.set(Vec::new());

            counter.borrow_mut().requested += 1;
            let ticket = counter.borrow().requested;
            saving.set(true);
            let (context, counter, saving) = (context.clone(), counter.clone(), saving.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(store) = context.state.store.clone() else {
                    return;
                };
                if let Err(error) = store.merge_record(&content, &mut snapshot, None).await {
                    gloo::console::error!("cannot save record:", error.to_string());
                    return;
                }
                let mut counter = counter.borrow_mut();
                counter.completed = counter.completed.max(ticket);
                saving.set(counter.completed < counter.requested);
                drop(counter);
                context.refresh_records();
                if submitting {
                    context.state.dispatch(Action::Open(Page::Home));
                }
                if submitting || signing {
                    context.sync_now();
                }
            });
        })
    };

    let Some(current) = &*record else {
        return html! { <p class="muted">{ tr(lang, "正在打开记录…", "Opening the record…") }</p> };
    };
    let submitted = current.status == RecordStatus::Submitted;
    let locked = submitted || current.signature.is_some();
    let unit_name = context
        .state
        .units
        .iter()
        .find(|u| u.id == current.unit_id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| current.unit_id.clone());
    let back = {
        let dispatcher = context.state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::Open(Page::Home)))
    };

    html! {
        <section id="inspection" data-record-id={current.id.clone()}>
            <div class="form-head">
                <button id="back" class="link" onclick={back}>{ tr(lang, "‹ 返回", "‹ Back") }</button>
                <span id="save-state" data-state={if *saving { "saving" } else { "saved" }} class="muted">
                    { if *saving { tr(lang, "正在保存…", "Saving…") } else { tr(lang, "已保存在本机", "Saved on this device") } }
                </span>
            </div>
            <h2>{ unit_name }</h2>
            <p class="muted" id="activity" data-activity={current.activity.clone()}>
                { activity_title(lang, &current.activity) }{ " · " }{ current.date.to_string() }
            </p>
            if locked {
                <p class="notice">{ tr(lang, "已提交，不可再修改", "Submitted: no further changes") }</p>
            }
            { items_list(lang, current, locked, &edit) }
            <label for="suggestions">
                if current.items.is_empty() {
                    { tr(lang, "活动情况记录（必填）", "What was done (required)") }
                } else {
                    { tr(lang, "工作建议", "Work suggestions") }
                }
            </label>
            <textarea id="suggestions" disabled={locked} value={current.suggestions.clone()}
                oninput={edit.reform(|e: InputEvent| Edit::Suggestions(textarea_value(&e)))} />
            if !problems.is_empty() {
                <ul class="error" id="submit-problems">
                    { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            { signature_section(lang, current, submitted, &edit) }
            if !locked {
                <button id="submit-inspection" class="primary wide" onclick={edit.reform(|_| Edit::Submit)}>
                    { tr(lang, "提交记录", "Submit record") }
                </button>
            }
        </section>
    }
}

/// What the screens call a record's activity.
pub fn activity_title(lang: Lang, activity: &str) -> String {
    if activity == TWN_SELF {
        return tr(lang, "月度检查（乡镇）", "Monthly self-inspection (township)").to_owned();
    }
    let table = DutyTable::henan_default();
    table.get(activity).map_or_else(|| activity.to_owned(), |duty| duty.name(lang).to_owned())
}

/// The record's items in [`Inspection::item_order`], a heading before each category.
fn items_list(lang: Lang, record: &Inspection, locked: bool, edit: &Callback<Edit>) -> Html {
    let order = record.item_order();
    let mut rows = Vec::with_capacity(order.len());
    let mut category = None;
    for id in order {
        let item = catalogue::item(id);
        if let Some(item) = item
            && category != Some(item.category)
        {
            category = Some(item.category);
            rows.push(html! { <li class="category">{ item.category.label(lang) }</li> });
        }
        rows.push(item_row(lang, id, item, record, locked, edit));
    }
    html! { <ol class="items">{ for rows }</ol> }
}

fn item_row(
    lang: Lang,
    id: &str,
    item: Option<&CheckItem>,
    record: &Inspection,
    locked: bool,
    edit: &Callback<Edit>,
) -> Html {
    let entry = record.items.get(id).cloned().unwrap_or_default();
    let choices = [ItemResult::Pass, ItemResult::Fail, ItemResult::NotApplicable];
    let note_id = id.to_owned();
    html! {
        <li class={classes!("item", (entry.result == Some(ItemResult::Fail)).then_some("failed"))}
            data-item={id.to_owned()}>
            <div class="item-text">{ item.map_or(id, |item| item.text(lang)) }</div>
            if let Some(item) = item {
                <div class="item-pass muted">{ item.pass(lang) }</div>
            }
            <div class="choices" role="group">
                { for choices.into_iter().map(|choice| {
                    let id = id.to_owned();
                    html! {
                        <button data-result={choice.as_str()} disabled={locked}
                            aria-pressed={(entry.result == Some(choice)).to_string()}
                            onclick={edit.reform(move |_| Edit::Result(id.clone(), choice))}>
                            { choice.label(lang) }
                        </button>
                    }
                }) }
            </div>
            <textarea class="note" rows="2" disabled={locked} value={entry.note.clone()}
                placeholder={tr(lang, "情况说明（不合格项必填）", "Note (required when failed)")}
                oninput={edit.reform(move |e: InputEvent| Edit::Note(note_id.clone(), textarea_value(&e)))} />
        </li>
    }
}

/// The unit's signature: the pad while a submitted record is unsigned, then who signed.
fn signature_section(
    lang: Lang,
    record: &Inspection,
    submitted: bool,
    edit: &Callback<Edit>,
) -> Html {
    match &record.signature {
        Some(signature) => html! {
            <div class="signature">
                <p id="signature-status" data-signed="true" class="notice">
                    { tr(lang, "已签字 ", "Signed by ") }{ signature.signer.clone() }
                    { " · " }{ signature.capacity.label(lang) }
                </p>
                if !signature.covers(record) {
                    <p id="signature-stale" class="error">
                        { tr(lang, "签字后记录内容有改动", "The record changed after it was signed") }
                    </p>
                }
            </div>
        },
        None if submitted => html! {
            <SignaturePad lang={lang} on_confirm={edit.reform(Edit::Sign)} />
        },
        None => html! {},
    }
}

/// Writes one edit into the document; only signing can be refused.
fn apply(doc: &mut InspectionDoc, edit: Edit) -> Result<(), baolian_shared::inspection::Violation> {
    match edit {
        Edit::Result(item, result) => doc.set_result(&item, Some(result)),
        Edit::Note(item, text) => doc.set_note(&item, &text),
        Edit::Suggestions(text) => doc.set_suggestions(&text),
        Edit::Submit => doc.set_status(RecordStatus::Submitted),
        Edit::Sign(input) => {
            // The hash covers the content as this device holds it at the moment of signing.
            let Ok(record) = doc.read() else { return Ok(()) };
            let signature = UnitSignature {
                signer: input.signer,
                capacity: input.capacity,
                signed_at_ms: js_sys::Date::now() as i64,
                content_hash: content_hash(&record),
                strokes: input.strokes,
            };
            return doc.sign(&signature);
        }
    }
    Ok(())
}

fn textarea_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// Loads the record from the device when the form opens.
#[hook]
fn use_load(
    context: &AppContext,
    id: &str,
    doc: &Rc<RefCell<Option<InspectionDoc>>>,
    record: &UseStateHandle<Option<Inspection>>,
) {
    let (store, doc, record) = (context.state.store.clone(), doc.clone(), record.clone());
    use_effect_with(id.to_owned(), move |id| {
        let id = id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(store) = store else { return };
            let loaded = match store.get_record(&id).await {
                Ok(Some(stored)) => InspectionDoc::load(&stored.bytes),
                Ok(None) => return gloo::console::error!("no such record on this device:", id),
                Err(error) => {
                    return gloo::console::error!("cannot read record:", error.to_string());
                }
            };
            match loaded.and_then(|d| d.read().map(|r| (d, r))) {
                Ok((loaded, content)) => {
                    *doc.borrow_mut() = Some(loaded);
                    record.set(Some(content));
                }
                Err(error) => gloo::console::error!("record is unreadable:", error.to_string()),
            }
        });
        || ()
    });
}
