//! Renderers shared by backends: IR blocks to other markup.

pub mod html;
