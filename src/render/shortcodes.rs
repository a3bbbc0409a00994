//! The shortcodes a chapter may call (`fact`, `compare`, `role_card`, `pathway`), expanded
//! through the theme's shortcode templates with the role data.

use serde::Serialize;
use tera::Context;

use super::context;
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, suggest};
use crate::markdown::shortcodes::{Arg, Call};
use crate::markdown::{Expand, Expansion, ShortcodeError};
use crate::model::{self, Site};
use crate::url;

/// Expands `fact`, `compare`, `role_card` and `pathway` through the theme's shortcode templates.
pub(super) struct Shortcodes<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
}

const SHORTCODES: &[(&str, &[&str])] = &[
    ("fact", &["role", "field"]),
    ("compare", &["roles", "fields"]),
    ("role_card", &["role"]),
    ("pathway", &["roles"]),
];

pub(super) fn sc_error(message: impl Into<String>, help: Option<String>) -> ShortcodeError {
    ShortcodeError {
        message: message.into(),
        help,
    }
}

impl Shortcodes<'_> {
    pub(super) fn role(&self, slug: &str) -> Result<&model::RoleEntry, ShortcodeError> {
        self.site
            .roles
            .iter()
            .find(|r| r.loaded.slug == slug)
            .ok_or_else(|| {
                let slugs = self.site.roles.iter().map(|r| r.loaded.slug.as_str());
                let help = match suggest(slug, slugs) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "roles are the files in content/roles/, named by slug".into(),
                };
                sc_error(format!("unknown role `{slug}`"), Some(help))
            })
    }

    fn uses_broken_role(&self, call: &Call) -> bool {
        let broken = |slug: &String| self.site.broken_roles.contains(slug);
        call.args.iter().any(|(_, arg)| match arg {
            Arg::Str(s) => broken(s),
            Arg::List(items) => items.iter().any(broken),
        })
    }

    fn field(&self, field: &str) -> Result<(), ShortcodeError> {
        if model::roles::default_label(field).is_some() {
            return Ok(());
        }
        let d = model::field_help(Diagnostic::error("", ""), field);
        Err(sc_error(format!("unknown role field `{field}`"), d.help))
    }

    pub(super) fn render(
        &self,
        template: &str,
        page_path: &str,
        insert: impl FnOnce(&mut Context),
    ) -> Result<String, ShortcodeError> {
        let mut ctx = Context::new();
        ctx.insert("root", &url::root_of(page_path));
        insert(&mut ctx);
        self.theme.tera.render(template, &ctx).map_err(|e| {
            let d = self.theme.diagnostic(&e, None);
            sc_error(
                format!("shortcode template failed: {}", d.message),
                Some(format!("see {}:{}", d.path.display(), d.line)),
            )
        })
    }

    fn string<'c>(call: &'c Call, name: &str) -> Result<&'c str, ShortcodeError> {
        match call.arg(name) {
            Some(Arg::Str(s)) => Ok(s),
            Some(Arg::List(_)) => Err(sc_error(
                format!("`{name}` takes a string, not a list"),
                None,
            )),
            None => Err(sc_error(
                format!("`{}` needs the argument `{name}`", call.name),
                None,
            )),
        }
    }

    pub(super) fn list<'c>(
        call: &'c Call,
        name: &str,
    ) -> Result<Option<&'c [String]>, ShortcodeError> {
        match call.arg(name) {
            Some(Arg::List(items)) => Ok(Some(items)),
            Some(Arg::Str(_)) => Err(sc_error(
                format!("`{name}` takes a list, like {name}=[\"a\", \"b\"]"),
                None,
            )),
            None => Ok(None),
        }
    }
}

fn render_shortcode<T: Serialize>(ctx: &mut Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

impl Expand for Shortcodes<'_> {
    fn expand(
        &self,
        call: &Call,
        page_path: &str,
        id_prefix: &str,
    ) -> Result<Expansion, ShortcodeError> {
        let Some((_, allowed)) = SHORTCODES.iter().find(|(n, _)| *n == call.name) else {
            let help = match suggest(&call.name, SHORTCODES.iter().map(|(n, _)| *n)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "shortcodes: fact, compare, role_card, pathway".into(),
            };
            return Err(sc_error(
                format!("unknown shortcode `{}`", call.name),
                Some(help),
            ));
        };
        for (arg, _) in &call.args {
            if !allowed.contains(&arg.as_str()) {
                return Err(sc_error(
                    format!("`{}` has no argument `{arg}`", call.name),
                    Some(format!("its arguments: {}", allowed.join(", "))),
                ));
            }
        }
        if self.uses_broken_role(call) {
            // The role file's own error fails the build; repeating it per call is noise.
            return Ok(Expansion {
                html: String::new(),
                block: call.name != "fact",
            });
        }
        let template = format!("shortcodes/{}.html", call.name);
        if !self.theme.has(&template) {
            return Err(sc_error(
                format!("the theme has no `{template}` template"),
                None,
            ));
        }
        let site = self.site;
        match call.name.as_str() {
            "fact" => {
                let role = self.role(Self::string(call, "role")?)?;
                let field = Self::string(call, "field")?;
                self.field(field)?;
                let label = model::roles::default_label(field).unwrap_or(field);
                let fact = context::fact(site, role, field, label);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "fact", &fact)
                })?;
                Ok(Expansion {
                    html: html.trim().to_string(),
                    block: false,
                })
            }
            "compare" => {
                let slugs = Self::list(call, "roles")?
                    .ok_or_else(|| sc_error("`compare` needs the argument `roles`", None))?;
                if slugs.is_empty() {
                    return Err(sc_error(
                        "`compare` needs at least one role in `roles`",
                        Some("name the roles to compare, e.g. roles=[\"case-manager\", \"social-worker\"]".into()),
                    ));
                }
                let fields = Self::list(call, "fields")?;
                if fields.as_ref().is_some_and(|f| f.is_empty()) {
                    return Err(sc_error(
                        "`fields` is empty: the comparison would have no rows",
                        Some("leave `fields` out to show the rows of content/compare.yaml".into()),
                    ));
                }
                let roles = slugs
                    .iter()
                    .map(|s| self.role(s))
                    .collect::<Result<Vec<_>, _>>()?;
                let fields = match fields {
                    Some(fields) => fields
                        .iter()
                        .map(|f| {
                            self.field(f)?;
                            let label = site
                                .compare
                                .rows
                                .iter()
                                .find(|r| r.field == *f)
                                .map(|r| r.label.as_str())
                                .or_else(|| model::roles::default_label(f))
                                .unwrap_or(f);
                            Ok((f.as_str(), label))
                        })
                        .collect::<Result<Vec<_>, ShortcodeError>>()?,
                    None => context::compare_fields(site),
                };
                let compare = context::compare(site, &roles, &fields, id_prefix);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "compare", &compare)
                })?;
                Ok(Expansion { html, block: true })
            }
            "pathway" => super::pathway::expand(self, call, &template, page_path, id_prefix),
            _ => {
                let role = self.role(Self::string(call, "role")?)?;
                let summary = context::role_summary(site, role);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "role", &summary)
                })?;
                Ok(Expansion { html, block: true })
            }
        }
    }
}
