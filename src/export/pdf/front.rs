//! The front of a PDF: the cover (title, description, counts by kind and
//! difficulty, build date) and the contents, whose page numbers come from the
//! measuring pass and whose entries link to the questions.

use super::canvas::Target;
use super::elements::{Gap, Padded, Stack};
use super::fonts::MUTED;
use super::layout::{Bookmark, Layout, Mode, Part, difficulty_look};
use super::text::{Look, Piece};
use crate::export::book;
use crate::ir::{Kind, Question};

impl Layout<'_> {
    fn page_of(&self, anchor: u32) -> String {
        match &self.pages {
            Some(pages) => pages
                .get(anchor as usize)
                .copied()
                .flatten()
                .map_or_else(String::new, |(page, _)| page.to_string()),
            None => "?".into(),
        }
    }

    pub(super) fn cover(&mut self, root: &mut Stack, parts: &[Part<'_>]) {
        let document = self.document;
        root.push(Gap(45.0));
        root.push(self.setter.plain(&document.title, Look::sans(26).bold()));
        root.push(Gap(6.0));
        if let Some(description) = &document.description {
            root.push(
                self.setter
                    .plain(description, Look::sans(13).colored(MUTED)),
            );
            root.push(Gap(10.0));
        }
        let questions: Vec<&Question> = parts
            .iter()
            .flat_map(|p| p.group.questions.iter().copied())
            .collect();
        let mut pieces = Vec::new();
        for (kind, n) in book::kind_counts(&questions) {
            let label = match (kind, self.mode) {
                (Kind::Premium, Mode::Handout) if n == 1 => "question",
                (Kind::Premium, Mode::Handout) => "questions",
                _ => book::kind_label(kind, n),
            };
            self.setter
                .pieces(&format!("{n} {label}\n"), Look::sans(12), None, &mut pieces);
        }
        root.push(self.setter.rich(pieces));
        root.push(Gap(4.0));
        let mut pieces = Vec::new();
        for (difficulty, n) in book::difficulty_counts(&questions) {
            let (label, color) = difficulty_look(difficulty);
            self.setter.pieces(
                &format!("\u{25CF} {label} {n}    "),
                Look::sans(12).bold().colored(color),
                None,
                &mut pieces,
            );
        }
        root.push(self.setter.rich(pieces));
        root.push(Gap(12.0));
        let kind = match self.mode {
            Mode::Guide => "Study guide",
            Mode::Handout => "Handout: questions only, with room for your answers",
        };
        let colophon = format!(
            "{kind}\nBuilt {} from {}",
            self.build_date, document.source.path
        );
        root.push(self.setter.text(&colophon, Look::sans(10).colored(MUTED)));
    }

    pub(super) fn contents(
        &mut self,
        root: &mut Stack,
        parts: &[Part<'_>],
        anchors: &[Vec<u32>],
        resources: u32,
    ) {
        root.push(self.setter.text("Contents", Look::sans(18).bold()));
        root.push(Gap(5.0));
        for (part, anchors) in parts.iter().zip(anchors) {
            let title = crate::render::raw_html::visible_text(part.group.title()).into_owned();
            self.contents_entry(root, &title, Look::sans(11).bold(), part.anchor, 0.0);
            self.bookmarks.push(Bookmark {
                title,
                level: 0,
                anchor: part.anchor,
            });
            for (question, &anchor) in part.group.questions.iter().zip(anchors) {
                if !book::is_listed(question) {
                    continue;
                }
                let title = self.numbered_title(question);
                self.contents_entry(root, &title, Look::sans(10), anchor, 5.0);
                self.bookmarks.push(Bookmark {
                    title,
                    level: 1,
                    anchor,
                });
            }
            root.push(Gap(2.0));
        }
        if !self.document.resources.is_empty() {
            self.contents_entry(root, "Resources", Look::sans(11).bold(), resources, 0.0);
            self.bookmarks.push(Bookmark {
                title: "Resources".into(),
                level: 0,
                anchor: resources,
            });
        }
    }

    fn contents_entry(
        &mut self,
        root: &mut Stack,
        title: &str,
        look: Look,
        anchor: u32,
        indent: f64,
    ) {
        let link = self.setter.canvas.new_link(Target::Anchor(anchor));
        let mut pieces = Vec::new();
        self.setter.pieces(title, look, Some(link), &mut pieces);
        let page = Piece {
            link: Some(link),
            ..Piece::new(self.page_of(anchor), look)
        };
        let entry = self.setter.rich(pieces).with_trailer(page);
        root.push(Padded::new(entry, [0.6, 0.0, 0.6, indent]));
    }
}
