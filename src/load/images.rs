//! The pixel size of each image under `content/`, read from its header once per build (and
//! again in a session only when the file changes), so that every page showing it writes
//! `width` and `height` without opening it.
//!
//! `imagesize` reads only the first bytes of a file, where the formats keep their size, and
//! knows the formats browsers show; decoding whole images would cost far more.

use std::path::Path;

/// An image's width and height in pixels, or why they could not be read.
pub(crate) type ImageSize = Result<(u64, u64), String>;

/// File extensions of the raster formats whose size is read. SVG is left out: it scales,
/// and its size, if any, is in attributes rather than a header.
const RASTER: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "heif", "bmp", "ico",
];

/// Whether a content file is an image whose size guide reads.
pub(crate) fn is_raster_image(rel: &str) -> bool {
    let Some((_, ext)) = rel.rsplit_once('.') else {
        return false;
    };
    RASTER.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// Reads the size of the image at `path` from its header.
pub(crate) fn read_size(path: &Path) -> ImageSize {
    match imagesize::size(path) {
        Ok(size) => Ok((size.width as u64, size.height as u64)),
        Err(imagesize::ImageError::NotSupported) => Err(
            "the file is not an image guide can read (PNG, JPEG, GIF, WebP, AVIF, BMP or ICO)"
                .into(),
        ),
        Err(imagesize::ImageError::CorruptedImage) => {
            Err("the image is damaged: its header is cut short or wrong".into())
        }
        Err(imagesize::ImageError::IoError(e)) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_png_header_and_refuses_what_is_no_image() {
        let dir = tempfile::tempdir().unwrap();
        // The smallest PNG header: signature, then an IHDR chunk of 3 x 2 pixels.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(dir.path().join("a.png"), &png).unwrap();
        std::fs::write(dir.path().join("b.png"), "not an image").unwrap();
        assert_eq!(read_size(&dir.path().join("a.png")), Ok((3, 2)));
        assert!(read_size(&dir.path().join("b.png")).is_err());
        assert!(is_raster_image("img/A.JPG") && !is_raster_image("d.svg"));
    }
}
