//! The index of the built site the links are checked against: every output and asset file,
//! with the ids of each HTML file, the folders that pretty links name, and a fingerprint of
//! the file list that tells when a remembered result may no longer hold.

use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::fingerprint::Fingerprint;
use crate::model::Site;
use crate::render::RenderedSite;
use crate::url;

use super::scan::Scan;

/// The built site's files and the ids in each HTML file.
pub(super) struct Index<'a> {
    /// Every file, with its ids if it is HTML: one lookup tells whether a link's target
    /// exists and what anchors it has (in a large site each lookup misses the caches).
    pub(super) files: HashMap<&'a str, Option<Arc<HashSet<String>>>>,
    /// Folders with an index.html (`a/b/`, and `` for the home page): what pretty links name.
    pub(super) folders: HashSet<&'a str>,
    /// Changes whenever a file is added or removed.
    pub(super) fingerprint: u64,
}

impl<'a> Index<'a> {
    pub(super) fn new(
        site: &'a Site,
        rendered: &'a RenderedSite,
        scans: &HashMap<String, Scan>,
    ) -> Self {
        // Sized at once: grown from empty, these large sets were rebuilt over and over
        // while the other cores waited.
        let mut files = HashMap::with_capacity_and_hasher(
            rendered.outputs.len() + site.assets.len(),
            Default::default(),
        );
        files.extend(rendered.outputs.iter().map(|o| {
            let ids = scans.get(&o.path).map(|scan| scan.ids.clone());
            (o.path.as_str(), ids)
        }));
        for asset in &site.assets {
            files.entry(asset.path.as_str()).or_insert(None);
        }
        let mut folders = HashSet::with_capacity_and_hasher(files.len(), Default::default());
        folders.extend(
            files
                .keys()
                .filter_map(|f| f.strip_suffix("index.html"))
                .filter(|folder| folder.is_empty() || folder.ends_with('/')),
        );
        let mut fingerprint = Fingerprint::new().with(&site.config.base_url);
        for o in &rendered.outputs {
            fingerprint = fingerprint.with(&o.path);
        }
        for a in &site.assets {
            fingerprint = fingerprint.with(&a.path);
        }
        Index {
            files,
            folders,
            fingerprint: fingerprint.finish(),
        }
    }

    /// The ids of an HTML file of the site.
    pub(super) fn ids(&self, file: &str) -> Option<&Arc<HashSet<String>>> {
        self.files.get(file)?.as_ref()
    }

    /// Whether each of these files still has the very ids it had when they were noted.
    pub(super) fn same_ids(&self, anchored: &[(String, Arc<HashSet<String>>)]) -> bool {
        anchored
            .iter()
            .all(|(file, ids)| self.ids(file).is_some_and(|now| Arc::ptr_eq(now, ids)))
    }

    /// The output file a site path names, if there is one (`a/` -> `a/index.html`, and
    /// `a` -> `a/index.html` as GitHub Pages redirects it), with its ids.
    pub(super) fn file(&self, path: &str) -> Option<(String, Option<&Arc<HashSet<String>>>)> {
        let own = url::output_file(path);
        if let Some(ids) = self.files.get(own.as_str()) {
            return Some((own, ids.as_ref()));
        }
        let folder = [path, "/index.html"].concat();
        let ids = self.files.get(folder.as_str())?;
        Some((folder, ids.as_ref()))
    }
}
