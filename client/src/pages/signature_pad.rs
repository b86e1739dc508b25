//! The unit's signature on a submitted record: the signer's name, their capacity
//! (responsible person or manager) and a canvas drawn with the finger or a stylus.
//!
//! The strokes are kept as points in canvas pixels and handed over encoded by
//! `baolian_shared::signature::encode_strokes`, one bytes value for the document.

use std::cell::RefCell;
use std::rc::Rc;

use baolian_shared::error::Lang;
use baolian_shared::signature::{Point, SignerCapacity, encode_strokes};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement, PointerEvent};
use yew::prelude::*;

use crate::i18n::tr;

/// The canvas size in its own pixels; CSS may show it smaller.
const WIDTH: u32 = 320;
const HEIGHT: u32 = 160;

/// What the signer confirmed.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureInput {
    /// The signer's name.
    pub signer: String,
    /// In what capacity they sign.
    pub capacity: SignerCapacity,
    /// The strokes, encoded.
    pub strokes: Vec<u8>,
}

/// The pad's properties.
#[derive(Debug, Properties, PartialEq)]
pub struct SignaturePadProps {
    /// The interface language.
    pub lang: Lang,
    /// Called once the signer has a name and has drawn something.
    pub on_confirm: Callback<SignatureInput>,
}

/// The strokes drawn so far, and whether a stroke is under way.
#[derive(Default)]
struct Drawing {
    strokes: Vec<Vec<Point>>,
    active: bool,
}

/// The signature section's name, capacity, canvas and buttons.
#[function_component(SignaturePad)]
pub fn signature_pad(props: &SignaturePadProps) -> Html {
    let lang = props.lang;
    let canvas = use_node_ref();
    let drawing: Rc<RefCell<Drawing>> = use_mut_ref(Drawing::default);
    let name = use_state(String::new);
    let capacity = use_state(|| SignerCapacity::ResponsiblePerson);
    let problem = use_state(|| None::<&'static str>);

    let down = {
        let (canvas, drawing) = (canvas.clone(), drawing.clone());
        Callback::from(move |event: PointerEvent| {
            event.prevent_default();
            let Some((element, context)) = context_of(&canvas) else { return };
            let _ = element.set_pointer_capture(event.pointer_id());
            let point = point_of(&element, &event);
            let mut drawing = drawing.borrow_mut();
            drawing.active = true;
            drawing.strokes.push(vec![point]);
            context.begin_path();
            context.move_to(f64::from(point.0), f64::from(point.1));
            context.line_to(f64::from(point.0) + 0.5, f64::from(point.1) + 0.5);
            context.stroke();
        })
    };
    let moved = {
        let (canvas, drawing) = (canvas.clone(), drawing.clone());
        Callback::from(move |event: PointerEvent| {
            let mut drawing = drawing.borrow_mut();
            if !drawing.active {
                return;
            }
            event.prevent_default();
            let Some((element, context)) = context_of(&canvas) else { return };
            let point = point_of(&element, &event);
            if let Some(stroke) = drawing.strokes.last_mut() {
                stroke.push(point);
            }
            context.line_to(f64::from(point.0), f64::from(point.1));
            context.stroke();
        })
    };
    let up = {
        let drawing = drawing.clone();
        Callback::from(move |_: PointerEvent| drawing.borrow_mut().active = false)
    };
    let clear = {
        let (canvas, drawing) = (canvas.clone(), drawing.clone());
        Callback::from(move |_: MouseEvent| {
            *drawing.borrow_mut() = Drawing::default();
            if let Some((_, context)) = context_of(&canvas) {
                context.clear_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
            }
        })
    };
    let confirm = {
        let (name, capacity, problem) = (name.clone(), capacity.clone(), problem.clone());
        let (drawing, on_confirm) = (drawing.clone(), props.on_confirm.clone());
        Callback::from(move |_: MouseEvent| {
            let signer = name.trim().to_owned();
            let drawing = drawing.borrow();
            if signer.is_empty() {
                return problem.set(Some(tr(lang, "请填写签字人姓名", "Enter the signer's name")));
            }
            if drawing.strokes.is_empty() {
                return problem.set(Some(tr(lang, "请在框内签名", "Sign in the box")));
            }
            problem.set(None);
            let strokes = encode_strokes(&drawing.strokes);
            on_confirm.emit(SignatureInput { signer, capacity: *capacity, strokes });
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            name.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let choices = [SignerCapacity::ResponsiblePerson, SignerCapacity::Manager];

    html! {
        <div id="signature-section" class="signature">
            <h3>{ tr(lang, "单位签字", "Unit signature") }</h3>
            <label for="signer-name">{ tr(lang, "签字人姓名", "Signer's name") }</label>
            <input id="signer-name" type="text" value={(*name).clone()} oninput={on_name} />
            <div class="choices" role="group" id="signer-capacity">
                { for choices.into_iter().map(|choice| {
                    let capacity = capacity.clone();
                    html! {
                        <button data-capacity={choice.as_str()}
                            aria-pressed={(*capacity == choice).to_string()}
                            onclick={Callback::from(move |_: MouseEvent| capacity.set(choice))}>
                            { choice.label(lang) }
                        </button>
                    }
                }) }
            </div>
            <canvas id="signature-pad" ref={canvas} width={WIDTH.to_string()}
                height={HEIGHT.to_string()}
                style="touch-action: none; border: 1px solid #999; border-radius: 8px; background: #fff; max-width: 100%;"
                onpointerdown={down} onpointermove={moved} onpointerup={up.clone()}
                onpointercancel={up} />
            if let Some(problem) = *problem {
                <p class="error" id="signature-problem">{ problem }</p>
            }
            <div class="choices">
                <button id="signature-clear" onclick={clear}>{ tr(lang, "重写", "Clear") }</button>
                <button id="signature-confirm" class="primary" onclick={confirm}>
                    { tr(lang, "确认签字", "Confirm signature") }
                </button>
            </div>
        </div>
    }
}

/// The canvas and its 2D context, once it is in the page.
fn context_of(canvas: &NodeRef) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let element = canvas.cast::<HtmlCanvasElement>()?;
    let context = element.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
    context.set_line_width(2.0);
    context.set_line_cap("round");
    Some((element, context))
}

/// Where the pointer is, in canvas pixels (the canvas may be shown scaled).
fn point_of(element: &HtmlCanvasElement, event: &PointerEvent) -> Point {
    let scale_x = f64::from(WIDTH) / f64::from(element.client_width().max(1));
    let scale_y = f64::from(HEIGHT) / f64::from(element.client_height().max(1));
    let x = (f64::from(event.offset_x()) * scale_x).clamp(0.0, f64::from(WIDTH));
    let y = (f64::from(event.offset_y()) * scale_y).clamp(0.0, f64::from(HEIGHT));
    (x as u16, y as u16)
}
