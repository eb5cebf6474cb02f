//! Parallel work over a list of files, largest file first.
//!
//! Banks differ in size several times over, and a build ends when its last
//! bank is done. Handing the largest files out first (longest processing time
//! first) keeps every thread busy to the end, where rayon's halving of a list
//! in source order could leave the largest bank for last.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Runs `work` on every file in parallel and returns the results in the order
/// of `files`, whatever order they ran in.
pub fn largest_first<T: Send>(files: &[PathBuf], work: impl Fn(&Path) -> T + Sync) -> Vec<T> {
    if files.len() < 2 {
        return files.iter().map(|file| work(file)).collect();
    }
    let size = |file: &PathBuf| std::fs::metadata(file).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = files.iter().map(size).zip(0..).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // par_bridge hands items out one at a time as threads free up, in order.
    let mut results: Vec<(usize, T)> = order
        .into_iter()
        .par_bridge()
        .map(|(_, index)| (index, work(&files[index])))
        .collect();
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = [3, 30, 1, 300, 0]
            .iter()
            .enumerate()
            .map(|(i, size)| {
                let path = dir.path().join(format!("{i}.md"));
                std::fs::write(&path, "x".repeat(*size)).unwrap();
                path
            })
            .collect();
        let names = largest_first(&files, |file| file.file_name().unwrap().to_owned());
        let expected: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, expected);
    }
}
