//! Publishing from CI: diagnostics as GitHub Actions workflow commands.

mod common;

use common::SiteTest;

#[test]
fn in_github_actions_diagnostics_are_also_workflow_commands() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        "\n\nSee {{ role_card(role=\"social-worker\") }} here.\n",
    );
    let workspace = site.root.parent().unwrap().to_str().unwrap().to_string();
    let actions = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "octo/handbook"),
        ("GITHUB_WORKSPACE", workspace.as_str()),
    ];
    // From the checkout, with the site in a sub-folder, as a workflow runs it.
    let out = common::guide_command(site.root.parent().unwrap())
        .args(["build", "--root", "site"])
        .envs(actions)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "::error file=site/content/intro.md,line=35,col=5::`role_card` must stand alone in \
         its paragraph%0Ahelp: put a blank line before and after the shortcode\n"
    );
    // The terminal report is unchanged.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("content/intro.md:35:5: error:"),
        "{stderr}"
    );

    // Outside GitHub Actions nothing extra is printed.
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    // An absolute --root is named relative to the workspace too.
    let root = site.root.to_str().unwrap();
    let out = site.run_with_env(&["build", "--root", root], &actions);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=site/content/intro.md,line=35,col=5::"),
        "{stdout}"
    );
}
