//! Renderers shared by backends: IR blocks to other markup.

pub mod code;
pub mod escape;
pub mod html;
pub mod links;
pub mod markup;
pub mod raw_html;
