//! The console in a real browser: runs `tests/browser/console.test.mjs` (Debian's Chromium
//! driven by playwright-core, axe-core for accessibility) against this build's binary. Needs
//! Node.js and Chromium; where either is missing the test says so and does not run, and with `CI`
//! set it fails instead (`.ci/run` installs both).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn present(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_console_works_in_a_real_browser() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [("node", present("node", "--version")), ("npm", present("npm", "--version"))]
        .into_iter()
        .chain([("chromium", Path::new(&chromium).exists())])
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        let why =
            format!("the browser tests need {} (Debian: apt-get install chromium nodejs npm)", missing.join(", "));
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("NOT RUN: {why}");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    // The pinned packages of package-lock.json, from the npm registry, once.
    if !dir.join("node_modules/playwright-core").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm ci");
        assert!(status.success(), "npm ci in tests/browser failed");
    }
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1", "console.test.mjs"])
        .current_dir(&dir)
        .env("LUOTSI_BIN", env!("CARGO_BIN_EXE_luotsi"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node --test");
    let report = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = report.lines().filter(|l| l.starts_with("not ok")).collect();
    assert!(
        out.status.success() && failed.is_empty(),
        "the browser tests failed: {failed:?}\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let passed = report.lines().filter(|l| l.starts_with("ok ") && !l.contains("# SKIP")).count();
    assert!(passed >= 12, "every flow ran: {passed} passed\n{report}");
}
