//! Images and figures as a reader gets them: alt text required (a warning, an error under
//! `strict: true`), the size of local images read from their files, lazy loading after the
//! first image of a page (but not on the print page), and a figure for an image with a title
//! that stands alone in its paragraph.

mod common;

use common::SiteTest;

/// A PNG header of `width` x `height` pixels: all a browser or guide reads of its size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

const CHAPTER: &str = "---\ntitle: Pictures\n---\n\
First ![The first photo](photo.png) inline.\n\n\
![A chart of the steps](chart.png \"How the steps follow each other\")\n\n\
A line with ![an inline one](photo.png \"Not a caption\") inside.\n\n\
![](https://example.org/remote.png)\n";

fn site_with_pictures() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    site.write("content/part/photo.png", png(640, 480));
    site.write("content/part/chart.png", png(1200, 300));
    site.write("content/part/pictures.md", CHAPTER);
    site
}

#[test]
fn local_images_get_their_size_a_caption_and_lazy_loading_after_the_first() {
    let site = site_with_pictures();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{out:?}");
    let page = site.read("public/part/pictures/index.html");
    // The first image loads at once; the page keeps room for it.
    assert!(
        page.contains(r#"<img src="../photo.png" alt="The first photo" width="640" height="480">"#),
        "{page}"
    );
    // A titled image alone in its paragraph is a figure with that caption, instead of a
    // paragraph.
    assert!(
        page.contains(
            "<figure>\n<img src=\"../chart.png\" alt=\"A chart of the steps\" width=\"1200\" \
             height=\"300\" loading=\"lazy\">\n<figcaption>How the steps follow each \
             other</figcaption>\n</figure>"
        ),
        "{page}"
    );
    assert!(!page.contains("<p><figure>"));
    // Inside a sentence a title stays a title.
    assert!(page.contains(
        r#"<img src="../photo.png" alt="an inline one" title="Not a caption" width="640" height="480" loading="lazy">"#
    ));
    // An image elsewhere has no size to read, and its missing alt text is a warning at
    // its line that does not fail the build.
    assert!(page.contains(r#"<img src="https://example.org/remote.png" alt="" loading="lazy">"#));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/part/pictures.md:10:1: warning: this image has no alt text"),
        "{stderr}"
    );
    // The print page is printed whole, so none of its images waits to load.
    let print = site.read("public/print/index.html");
    assert!(
        print.contains(
            r#"<img src="../part/chart.png" alt="A chart of the steps" width="1200" height="300">"#
        ),
        "{print}"
    );
    assert!(!print.contains("loading=\"lazy\""));
}

#[test]
fn a_page_with_only_remote_images_is_lazy_on_its_page_and_not_on_the_print_page() {
    // No local image: the page is rendered once for both places, with a marker for the
    // attribute only its own page has.
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/part/remote.md",
        "---\ntitle: Remote\n---\n![One](https://example.org/1.png)\n\n\
         ![Two](https://example.org/2.png \"The second\")\n",
    );
    site.build();
    let page = site.read("public/part/remote/index.html");
    assert!(page.contains(r#"<img src="https://example.org/1.png" alt="One">"#));
    assert!(page.contains(
        "<figure>\n<img src=\"https://example.org/2.png\" alt=\"Two\" loading=\"lazy\">\n\
         <figcaption>The second</figcaption>"
    ));
    let print = site.read("public/print/index.html");
    assert!(print.contains(
        "<figure>\n<img src=\"https://example.org/2.png\" alt=\"Two\">\n<figcaption>The second"
    ));
}
