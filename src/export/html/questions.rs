//! A document's questions in XHTML: a question with an answer as a
//! `<section>` (heading, metadata, answer, insight, related questions), the
//! quick reference as a table, company prompts as a list.

use super::anchors::question_anchor;
use super::page::{ANSWER_FLOOR, Page, difficulty_class};
use crate::ir::{Content, Kind, Question};
use crate::render::html::{self, Links, Resolve};
use crate::render::markup::Markup;

impl Page<'_> {
    pub(super) fn question(&self, m: &mut Markup, question: &Question) {
        let class = match question.kind {
            Kind::CodeExample => "question code-example",
            _ => "question",
        };
        m.open(
            "section",
            &[("class", class), ("id", question_anchor(question))],
        )
        .newline();
        m.open("h3", &[]);
        m.element(
            "span",
            &[("class", "number")],
            &format!("{}.", self.number(question)),
        )
        .text(" ");
        self.title(m, question);
        m.close("h3").newline();
        self.metadata(m, question);
        let body = question.answer.is_some() || question.insight.is_some();
        if body && self.collapsible {
            m.open("details", &[("class", "answer")]).newline();
            m.element("summary", &[], "View answer").newline();
        } else if body {
            m.open("div", &[("class", "answer")]).newline();
        }
        if let Some(answer) = &question.answer {
            m.blocks(&answer.blocks, self.options(ANSWER_FLOOR));
        }
        if let Some(insight) = &question.insight {
            self.insight(m, insight);
        }
        if body {
            m.close(if self.collapsible { "details" } else { "div" })
                .newline();
        }
        self.related(m, question);
        m.close("section").newline();
    }

    /// Options for a title that is itself inside a link: its own links are
    /// text, and so is its math (the contents, and the EPUB's navigation,
    /// which readers show as text).
    pub(super) fn unlinked(&self) -> html::Options<'_> {
        html::Options {
            links: Links::Never,
            math: html::MathAs::Text,
            ..self.options(ANSWER_FLOOR)
        }
    }

    pub(super) fn title(&self, m: &mut Markup, question: &Question) {
        self.title_with(m, question, self.options(ANSWER_FLOOR));
    }

    pub(super) fn title_with(
        &self,
        m: &mut Markup,
        question: &Question,
        options: html::Options<'_>,
    ) {
        if question.title_inlines.is_empty() {
            m.text(&question.title);
        } else {
            m.inlines(&question.title_inlines, options);
        }
    }

    /// Difficulty, tags and companies as a definition list.
    fn metadata(&self, m: &mut Markup, question: &Question) {
        let lists = [
            ("Tags", "tags", &question.tags),
            ("Asked by", "companies", &question.companies),
        ];
        let shown = question.difficulty_shown();
        if shown.is_none() && lists.iter().all(|(_, _, v)| v.is_empty()) {
            return;
        }
        m.open("dl", &[("class", "meta")]);
        if let Some(label) = shown {
            let class = difficulty_class(question.difficulty);
            m.element("dt", &[], "Difficulty");
            m.element("dd", &[("class", &class)], label);
        }
        for (label, class, values) in lists {
            if values.is_empty() {
                continue;
            }
            m.element("dt", &[], label);
            m.open("dd", &[]).open("ul", &[("class", class)]);
            for value in values {
                m.element("li", &[], value);
            }
            m.close("ul").close("dd");
        }
        m.close("dl").newline();
    }

    fn insight(&self, m: &mut Markup, insight: &Content) {
        m.open("aside", &[("class", "insight")]).newline();
        m.element("p", &[("class", "insight-title")], "Interviewer's Insight")
            .newline();
        m.blocks(&insight.blocks, self.options(ANSWER_FLOOR));
        m.close("aside").newline();
    }

    /// Links to the questions in this output that ask the same thing.
    fn related(&self, m: &mut Markup, question: &Question) {
        let related = self.related_links(question);
        if related.is_empty() {
            return;
        }
        m.open("p", &[("class", "related")]).text("See also: ");
        for (n, (href, title)) in related.iter().enumerate() {
            if n > 0 {
                m.text("; ");
            }
            m.element("a", &[("href", href)], title);
        }
        m.close("p").newline();
    }

    /// `(href, numbered title)` of related questions that have an answer here.
    fn related_links(&self, question: &Question) -> Vec<(String, String)> {
        question
            .related
            .iter()
            .filter_map(|related| {
                let id = &related.id;
                let other = *self.by_id.get(id.as_str())?;
                let href = self.href(self.anchors.question(id)?)?;
                let title = format!("{}. {}", self.number(other), other.title);
                other.answer.is_some().then_some((href, title))
            })
            .collect()
    }

    /// " (answer)" links from a table row or prompt to the questions with
    /// answers that ask the same.
    fn answer_links(&self, m: &mut Markup, question: &Question) {
        for (href, _) in self.related_links(question) {
            m.text(" ").element(
                "a",
                &[("href", &href), ("class", "answer-link")],
                "(answer)",
            );
        }
    }

    pub(super) fn reference_table(&self, m: &mut Markup, run: &[&Question]) {
        m.open("table", &[("class", "reference wide")]).newline();
        m.open("thead", &[]).open("tr", &[]);
        for heading in ["#", "Question", "Difficulty", "Tags", "Asked by"] {
            m.element("th", &[("scope", "col")], heading);
        }
        m.close("tr").close("thead").newline();
        m.open("tbody", &[]).newline();
        let links = self.options(ANSWER_FLOOR).links;
        for question in run {
            m.open("tr", &[("id", question_anchor(question))]);
            let number = self.number(question).to_string();
            m.element("td", &[("class", "number")], &number);
            m.open("td", &[]);
            // The title links to the row's first practice link.
            match question.links.first().and_then(|l| links.href(&l.url)) {
                Some(url) => {
                    m.open("a", &[("href", &url)]);
                    self.title_with(m, question, self.unlinked());
                    m.close("a");
                }
                None => self.title(m, question),
            }
            self.answer_links(m, question);
            m.close("td");
            let class = difficulty_class(question.difficulty);
            let label = question.difficulty_shown().unwrap_or_default();
            m.element(
                "td",
                &[("class", &class), ("data-label", "Difficulty")],
                label,
            );
            m.element("td", &[("data-label", "Tags")], &question.tags.join(", "));
            m.element(
                "td",
                &[("data-label", "Asked by")],
                &question.companies.join(", "),
            );
            m.close("tr").newline();
        }
        m.close("tbody").newline().close("table").newline();
    }

    pub(super) fn prompts(&self, m: &mut Markup, run: &[&Question]) {
        m.open("ol", &[("class", "prompts")]).newline();
        for question in run {
            m.open("li", &[("id", question_anchor(question))]);
            self.title(m, question);
            self.answer_links(m, question);
            m.close("li").newline();
        }
        m.close("ol").newline();
    }
}
