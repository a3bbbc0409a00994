// A static file server for the tests, on 127.0.0.1 only, that serves a built site under a
// sub-path the way GitHub Pages serves a project site: `base` + `dir` redirects to `dir/`, a
// folder is served by its index.html, `page` falls back to `page.html`, and anything else,
// including every path outside `base`, answers 404 with the site's 404.html.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDir(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Starts the server; resolves to { origin, close() }. */
export async function serve(siteDir, base) {
  const root = normalize(siteDir);
  const notFound = async (res) => {
    const file = join(root, "404.html");
    res.writeHead(404, { "content-type": TYPES[".html"] });
    res.end((await isFile(file)) ? await readFile(file) : "not found");
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return notFound(res);
    }
    if (!path.startsWith(base) && path + "/" !== base) {
      return notFound(res);
    }
    const rel = path.slice(base.length);
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      return notFound(res);
    }
    let target = null;
    if (await isDir(file)) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: path + "/" + url.search });
        return res.end();
      }
      if (await isFile(join(file, "index.html"))) {
        target = join(file, "index.html");
      }
    } else if (await isFile(file)) {
      target = file;
    } else if (await isFile(file + ".html")) {
      target = file + ".html";
    }
    if (!target) {
      return notFound(res);
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(target)] || "application/octet-stream",
    });
    res.end(req.method === "HEAD" ? undefined : await readFile(target));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
